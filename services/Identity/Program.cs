using EdsPlatform.Identity;
using EdsPlatform.Identity.Apis;
using EdsPlatform.Identity.Pages;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
await app.InitialiseStoreAsync();

app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseRequestLocalization(options =>
{
    options.SetDefaultCulture("fr").AddSupportedCultures("fr", "en").AddSupportedUICultures("fr", "en");
    options.RequestCultureProviders.Insert(1, new UiLocalesCultureProvider());
});
app.UseAuthentication();
app.UseAuthorization();
app.MapConnectApi();
app.MapRazorPages();
app.MapDefaultEndpoints();
app.Run();
