using EdsPlatform.Catalog;
using EdsPlatform.Catalog.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapCatalogApi();
app.MapProjectDataApi();
app.MapDefaultEndpoints();
app.Run();
