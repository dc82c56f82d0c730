using EdsPlatform.Identity;
using EdsPlatform.Identity.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
await app.InitialiseStoreAsync();

app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseRequestLocalization("fr", "en");
app.UseAuthentication();
app.UseAuthorization();
app.MapConnectApi();
app.MapRazorPages();
app.MapDefaultEndpoints();
app.Run();
