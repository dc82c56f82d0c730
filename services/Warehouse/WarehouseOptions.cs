namespace EdsPlatform.Warehouse;

/// <summary>What the warehouse loads when it runs under the AppHost (section "Warehouse").</summary>
public sealed class WarehouseOptions
{
    public const string SectionName = "Warehouse";

    /// <summary>Load the Eunomia GiBleed dataset shipped in Data/eunomia-gibleed.</summary>
    public bool LoadEunomia { get; set; } = true;

    /// <summary>Synthetic French hospital patients to generate and load; 0 for none.</summary>
    public int SyntheticPatients { get; set; } = 10_000;

    /// <summary>Seed of the synthetic generator: one seed, one dataset.</summary>
    public int SyntheticSeed { get; set; } = 42;

    /// <summary>The password of the read-only role the data services use (the AppHost generates it); no role without one.</summary>
    public string? ReaderPassword { get; set; }
}
