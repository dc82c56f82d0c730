using EdsPlatform.Nlp;
using EdsPlatform.Nlp.Apis;
using EdsPlatform.Nlp.Pipeline;
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
app.UseAuthentication();
app.UseAuthorization();
app.MapNlpApi();
app.MapExtractionApi();
app.MapDefaultEndpoints();
app.Run();
