using EdsPlatform.Nlp;
using EdsPlatform.Nlp.Apis;
using EdsPlatform.Nlp.Pipeline;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
// Load the lexicons before the first request.
app.Services.GetRequiredService<ClinicalPipeline>();
app.UseAuthentication();
app.UseAuthorization();
app.MapNlpApi();
app.MapDefaultEndpoints();
app.Run();
