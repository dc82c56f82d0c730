using EdsPlatform;
using EdsPlatform.Gateway;
using EdsPlatform.DataAccess;
using Yarp.ReverseProxy.Forwarder;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDefaultAuthentication();
builder.AddAccessControl(source: ResourceNames.Gateway);
builder.Services.AddGatewayLimits();
// Every referenced service gets a cluster and a signed-in route; configuration ("ReverseProxy") holds the
// stricter routes. Destinations are found by service discovery, and each cluster is probed on /health.
builder.Configuration.AddServiceRoutes();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver()
    .AddServiceFailureMasking();

var app = builder.Build();
// The services validate their own input; the gateway only forwards it.
app.UseServiceDefaults(validateText: false);
app.UseCorrelationId();
app.UseSecurityHeaders();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseRequestSizeLimit();
app.MapReverseProxy(proxy => proxy.UseDataAccessEnforcement().Use(async (context, next) =>
{
    await next();
    // A service that is down or failing answers problem details, not an empty 502.
    if (context.GetForwarderErrorFeature() is { } failure)
    {
        var status = failure.Error == ForwarderError.NoAvailableDestinations ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway;
        await AuthenticationExtensions.WriteProblemAsync(context, status,
            status == StatusCodes.Status503ServiceUnavailable ? "Service unavailable" : "Bad gateway",
            "The service behind this route did not answer. Try again shortly.", null);
    }
}));
app.MapDefaultEndpoints();
app.Run();
