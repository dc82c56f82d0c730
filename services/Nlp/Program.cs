using EdsPlatform.Nlp;
using EdsPlatform.Nlp.Apis;
using EdsPlatform.Nlp.Pipeline;
using EdsPlatform.Nlp.Vocabulary;
using EdsPlatform.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
// Load the lexicons before the first request.
app.Services.GetRequiredService<ClinicalPipeline>();
await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
// Before the first request, so that the lexicon is complete and no longer changes while requests read it.
await app.Services.GetRequiredService<WarehouseVocabularyTerms>().AddAsync(app.Lifetime.ApplicationStopping);
app.UseAuthentication();
app.UseAuthorization();
app.MapNlpApi();
app.MapExtractionApi();
app.MapDefaultEndpoints();
app.Run();
