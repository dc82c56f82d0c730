using EdsPlatform.Cohort.Application;
using EdsPlatform.Cohort.Infrastructure;
using EdsPlatform.DataAccess;
using EdsPlatform.Jobs;
using EdsPlatform.Postgres;

namespace EdsPlatform.Cohort;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // The service's own login: its job table and create-mode writes. Definitions run on the read-only one.
        builder.AddDataAccess(source: ResourceNames.Cohort);
        // The job queue's migrations run before the service's own (V0003 moves the old job table into it).
        builder.AddJobQueue<CohortJobHandler>(service: ResourceNames.Cohort, section: "Cohort");
        builder.Services.AddSingleton(CohortMigrations.Set);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<CohortExecutor>();
        builder.Services.AddSingleton<ConceptSearch>();
        builder.Services.AddSingleton<ResultCache>();
        return builder;
    }
}
