using EdsPlatform.Cohort.Application;
using EdsPlatform.Cohort.Infrastructure;
using EdsPlatform.Governance.Client;
using EdsPlatform.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EdsPlatform.Cohort;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CohortOptions>().BindConfiguration(CohortOptions.SectionName)
            .Validate(options => !string.IsNullOrEmpty(options.ReaderPassword), "Cohort:ReaderPassword is required.")
            .Validate(options => options.JobTimeout > TimeSpan.Zero && options.MaxActiveJobsPerUser > 0, "Cohort:JobTimeout and Cohort:MaxActiveJobsPerUser are positive.")
            .ValidateOnStart();
        // The service's own role: its job table and create-mode writes. Definitions never run on it.
        builder.AddNpgsqlDataSource(ResourceNames.OmopDatabase);
        builder.Services.AddSingleton(services => OmopReader.Create(
            services.GetRequiredService<NpgsqlDataSource>().ConnectionString, services.GetRequiredService<IOptions<CohortOptions>>().Value));
        builder.AddGovernanceClient(source: "cohort");
        builder.Services.AddSingleton(CohortMigrations.Set);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<CohortExecutor>();
        builder.Services.AddSingleton<ConceptSearch>();
        builder.Services.AddSingleton<ResultCache>();
        builder.Services.AddSingleton(services => new SmallCellSuppression(services.GetRequiredService<IOptions<CohortOptions>>().Value.SmallCellThreshold));
        builder.Services.AddHostedService<JobWorker>();
        return builder;
    }
}
