using EdsPlatform.Cohort;
using EdsPlatform.Cohort.Apis;
using EdsPlatform.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
app.UseAuthentication();
app.UseAuthorization();
app.MapCohortApi();
app.MapDefaultEndpoints();
app.Run();
