using EdsPlatform.Interactions;
using EdsPlatform.Interactions.Apis;
using EdsPlatform.Postgres;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
// Load and index the editions before the first request.
app.Services.GetRequiredService<Editions>();
await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
app.UseAuthentication();
app.UseAuthorization();
app.MapInteractionsApi();
app.MapScreeningApi();
app.MapDefaultEndpoints();
app.Run();
