using EdsPlatform.Interactions;
using EdsPlatform.Interactions.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
// Load and index the editions before the first request.
app.Services.GetRequiredService<Editions>();
app.UseAuthentication();
app.UseAuthorization();
app.MapInteractionsApi();
app.MapDefaultEndpoints();
app.Run();
