using EdsPlatform.DataAccess;
using EdsPlatform.Interactions.Apis;

namespace EdsPlatform.Interactions;

public static class Extensions
{
    /// <summary>The thesaurus editions (loaded at start), and the warehouse's vocabulary for drugs given as concept ids.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InteractionsOptions>().BindConfiguration(InteractionsOptions.SectionName)
            .Validate(options => options.MaxLines is > 1 and <= 1_000, "Interactions:MaxLines is 2 to 1,000.")
            .ValidateOnStart();
        builder.AddDataAccess(source: ResourceNames.Interactions);
        builder.Services.AddSingleton<Editions>();
        builder.Services.AddSingleton<ConceptDrugs>();
        return builder;
    }
}
