using EdsPlatform.DataAccess;
using EdsPlatform.Jobs;
using EdsPlatform.Nlp.Extraction;
using EdsPlatform.Nlp.Pipeline;
using EdsPlatform.Nlp.Vocabulary;
using EdsPlatform.Postgres;

namespace EdsPlatform.Nlp;

public static class Extensions
{
    /// <summary>The pipeline with its lexicons and templates (loaded once, shared by every request), access control, and the extraction jobs.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NlpOptions>().BindConfiguration(NlpOptions.SectionName)
            .Validate(o => o.MaxTextLength is > 0 and <= 10_000_000 && o.MaxBatchSize is > 0 and <= 10_000 && o.MaxSpans > 0 && o.ExtractionBatchSize is > 0 and <= 10_000,
                "Nlp limits must be positive (text at most 10,000,000 characters, extraction batches at most 10,000 notes).")
            .ValidateOnStart();
        builder.AddDataAccess(source: ResourceNames.Nlp);
        builder.Services.AddSingleton(_ => ClinicalPipeline.LoadDefault());
        builder.Services.AddSingleton<WarehouseVocabularyTerms>();
        // Extraction of the warehouse's notes into NOTE_NLP runs as jobs (table nlp_jobs.jobs; workers in-process or replicas).
        builder.AddJobQueue<NoteExtractionJobHandler>(service: ResourceNames.Nlp, section: NlpOptions.SectionName);
        builder.Services.AddSingleton(NlpMigrations.Set);
        builder.Services.AddSingleton<SchemaMigrator>();
        return builder;
    }
}
