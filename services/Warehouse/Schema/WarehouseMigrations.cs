using EdsPlatform.Postgres;

namespace EdsPlatform.Warehouse.Schema;

/// <summary>The OMOP CDM schema scripts (Schema/Migrations), recorded in warehouse.schema_migrations.</summary>
public static class WarehouseMigrations
{
    public static MigrationSet Set { get; } = new(
        typeof(WarehouseMigrations).Assembly, "EdsPlatform.Warehouse.Schema.Migrations.", "warehouse", advisoryLockKey: 0x4544_5357_4852); // "EDSWHR"
}
