using EdsPlatform;
using EdsPlatform.Catalog.Apis;
using EdsPlatform.Governance.Client;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication();
builder.AddNpgsqlDataSource(ResourceNames.OmopDatabase);
builder.AddGovernanceClient(source: "catalog");

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapCatalogApi();
app.MapProjectDataApi();
app.MapDefaultEndpoints();
app.Run();
