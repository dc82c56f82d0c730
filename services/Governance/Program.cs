using EdsPlatform.Governance;
using EdsPlatform.Governance.Apis;
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
app.MapProjectsApi();
app.MapReviewsApi();
app.MapStewardshipApi();
app.MapAccessApi();
app.MapDefaultEndpoints();
app.Run();
