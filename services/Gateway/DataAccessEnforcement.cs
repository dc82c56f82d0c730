using EdsPlatform.DataAccess;

namespace EdsPlatform.Gateway;

/// <summary>
/// Grant enforcement for the routes that configuration declares data routes (metadata "DataAccess": "true").
/// The project comes from the route value "projectId" or the X-Eds-Project header; the dataset from metadata
/// "Dataset", either a fixed name or "{routeValue}". The decision is audited before anything is forwarded.
/// </summary>
public static class DataAccessEnforcement
{
    public const string DataAccessKey = "DataAccess";
    public const string DatasetKey = "Dataset";

    public static IApplicationBuilder UseDataAccessEnforcement(this IApplicationBuilder proxy) =>
        proxy.Use(async (context, next) =>
        {
            var route = context.GetReverseProxyFeature().Route.Config;
            if (!IsDataRoute(route.Metadata))
            {
                await next();
                return;
            }
            var dataset = route.Metadata!.GetValueOrDefault(DatasetKey)
                ?? throw new InvalidOperationException("A data route declares its dataset (metadata \"Dataset\").");
            var decision = await context.RequestServices.GetRequiredService<DataAccessGuard>()
                .AuthorizeAsync(context, DataAccessGuard.ProjectOf(context), DataAccessGuard.DatasetOf(dataset, context.Request.RouteValues));
            if (!decision.Allowed)
            {
                await decision.ToProblem().ExecuteAsync(context);
                return;
            }
            await next();
        });

    private static bool IsDataRoute(IReadOnlyDictionary<string, string>? metadata) =>
        metadata?.GetValueOrDefault(DataAccessKey) is { } flag && bool.TryParse(flag, out var isDataRoute) && isDataRoute;
}
