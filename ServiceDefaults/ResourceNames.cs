namespace EdsPlatform;

/// <summary>
/// Names of the AppHost's resources. Services, tests and tools find each other by these names
/// (connection strings, service discovery), so they live in one place.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Redis = "redis";

    public const string OmopDatabase = "omopdb";
    public const string GovernanceDatabase = "governancedb";
    public const string IdentityDatabase = "identitydb";

    public const string Warehouse = "warehouse";
    public const string Identity = "identity";
    public const string Gateway = "gateway";
    public const string Web = "web";
    public const string Governance = "governance";
    public const string Catalog = "catalog";
    public const string Cohort = "cohort";
    public const string Nlp = "nlp";
    public const string Imaging = "imaging";
    public const string Interactions = "interactions";
}
