using EdsPlatform.DataAccess;
using EdsPlatform.Nlp.Pipeline;

namespace EdsPlatform.Nlp;

public static class Extensions
{
    /// <summary>The pipeline with its lexicons and templates (loaded once, shared by every request), and access control.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NlpOptions>().BindConfiguration(NlpOptions.SectionName)
            .Validate(o => o.MaxTextLength is > 0 and <= 10_000_000 && o.MaxBatchSize is > 0 and <= 10_000 && o.MaxSpans > 0, "Nlp limits must be positive (text at most 10,000,000 characters).")
            .ValidateOnStart();
        builder.AddDataAccess(source: ResourceNames.Nlp);
        builder.Services.AddSingleton(_ => ClinicalPipeline.LoadDefault());
        return builder;
    }
}
