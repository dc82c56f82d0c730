namespace EdsPlatform.DataAccess;

/// <summary>Section "DataAccess": how a door reaches governance, and how a data service reads the warehouse.</summary>
public sealed class DataAccessOptions
{
    public const string SectionName = "DataAccess";

    /// <summary>Governance's address; service discovery resolves the resource name.</summary>
    public Uri BaseAddress { get; set; } = new("http://governance");

    /// <summary>The identity provider that issues this service's own token.</summary>
    public Uri? IdentityUrl { get; set; }

    public string ClientId { get; set; } = "platform-services";

    public string? ClientSecret { get; set; }

    /// <summary>
    /// How long a snapshot is trusted in memory. Pub/sub evicts it at once on every change; this bounds
    /// staleness only if a message were lost, and the cache is bypassed while Redis is unreachable.
    /// </summary>
    public TimeSpan MemoryLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Caches (memory and Redis snapshots) are trusted only while governance's heartbeat was heard this recently, so
    /// that a revocation made while Redis cannot carry it is enforced everywhere within this window.
    /// </summary>
    public TimeSpan RedisTrustWindow { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Counts of patients below this are shown as "&lt;threshold" by every data service.</summary>
    public int SmallCellThreshold { get; set; } = 10;

    /// <summary>The password of the warehouse's read-only login <see cref="Postgres.WarehouseRoles.Reader"/> (data services only).</summary>
    public string? ReaderPassword { get; set; }
}
