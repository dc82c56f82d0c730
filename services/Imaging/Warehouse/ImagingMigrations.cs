using EdsPlatform.Postgres;

namespace EdsPlatform.Imaging.Warehouse;

/// <summary>The imaging service's own tables in omopdb (schema imaging), next to the studies it reads and the IMAGE_FEATURE rows it writes.</summary>
public static class ImagingMigrations
{
    public static MigrationSet Set { get; } = new(
        typeof(ImagingMigrations).Assembly, "EdsPlatform.Imaging.Warehouse.Migrations.", "imaging", advisoryLockKey: 0x4544_5349_4D47); // "EDSIMG"
}
