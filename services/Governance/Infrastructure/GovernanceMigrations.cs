using EdsPlatform.Postgres;

namespace EdsPlatform.Governance.Infrastructure;

/// <summary>governancedb's scripts (Infrastructure/Migrations), recorded in governance.schema_migrations.</summary>
public static class GovernanceMigrations
{
    public static MigrationSet Set { get; } = new(
        typeof(GovernanceMigrations).Assembly, "EdsPlatform.Governance.Infrastructure.Migrations.", "governance", advisoryLockKey: 0x4544_5347_4F56); // "EDSGOV"
}
