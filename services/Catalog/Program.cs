using EdsPlatform;
using EdsPlatform.Catalog.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication();
builder.AddNpgsqlDataSource(ResourceNames.OmopDatabase);

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapCatalogApi();
app.MapDefaultEndpoints();
app.Run();
