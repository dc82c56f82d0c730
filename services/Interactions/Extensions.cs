using EdsPlatform.DataAccess;
using EdsPlatform.Interactions.Apis;
using EdsPlatform.Interactions.Screening;
using EdsPlatform.Jobs;
using EdsPlatform.Postgres;

namespace EdsPlatform.Interactions;

public static class Extensions
{
    /// <summary>The thesaurus editions (loaded at start), the warehouse's vocabulary for drugs given as concept ids, and the screening jobs.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InteractionsOptions>().BindConfiguration(InteractionsOptions.SectionName)
            .Validate(options => options.MaxLines is > 1 and <= 1_000, "Interactions:MaxLines is 2 to 1,000.")
            .ValidateOnStart();
        builder.AddDataAccess(source: ResourceNames.Interactions);
        builder.Services.AddSingleton<Editions>();
        builder.Services.AddSingleton<ConceptDrugs>();
        // Warehouse screening runs as jobs (table interactions_jobs.jobs), on the read-only login.
        builder.AddJobQueue<ScreeningJobHandler>(service: ResourceNames.Interactions, section: InteractionsOptions.SectionName);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<DrugExposures>();
        return builder;
    }
}
