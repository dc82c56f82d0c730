using EdsPlatform.Imaging;
using EdsPlatform.Imaging.Apis;
using EdsPlatform.Imaging.Inference;
using EdsPlatform.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
// Every model of the repository is loaded and warmed up before the first request.
await app.Services.GetRequiredService<InferenceServer>().LoadAllAsync(app.Lifetime.ApplicationStopping);
app.UseAuthentication();
app.UseAuthorization();
app.MapInferenceProtocolApi();
app.MapStudiesApi();
app.MapModelRunsApi();
app.MapDefaultEndpoints();
app.Run();
