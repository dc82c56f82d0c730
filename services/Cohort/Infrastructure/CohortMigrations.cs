using EdsPlatform.Postgres;

namespace EdsPlatform.Cohort.Infrastructure;

/// <summary>The cohort service's own tables in omopdb (schema cohorts), next to the data its jobs read.</summary>
public static class CohortMigrations
{
    public static MigrationSet Set { get; } = new(
        typeof(CohortMigrations).Assembly, "EdsPlatform.Cohort.Infrastructure.Migrations.", "cohorts", advisoryLockKey: 0x4544_5343_4F48); // "EDSCOH"
}
