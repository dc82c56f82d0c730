namespace EdsPlatform.Gateway;

/// <summary>
/// The gateway's default topology, from the services the AppHost gives it a reference to (Aspire's "services"
/// configuration section): for each, a cluster (destination found by service discovery, active health checks on
/// /health) and the route /api/&lt;name&gt;/{**rest} for anyone signed in. Configuration ("ReverseProxy") adds the stricter
/// routes (data routes, role-restricted ones) and may override any of these; nothing here overrides it.
/// </summary>
public static class ServiceRoutes
{
    public static IConfigurationBuilder AddServiceRoutes(this IConfigurationManager configuration)
    {
        var defaults = new Dictionary<string, string?>();
        foreach (var service in configuration.GetSection("services").GetChildren().Select(s => s.Key))
        {
            var cluster = $"ReverseProxy:Clusters:{service}";
            Default(defaults, configuration, $"{cluster}:Destinations:{service}:Address", $"http://{service}");
            Default(defaults, configuration, $"{cluster}:HttpRequest:ActivityTimeout", "00:00:20");
            Default(defaults, configuration, $"{cluster}:HealthCheck:Active:Enabled", "true");
            Default(defaults, configuration, $"{cluster}:HealthCheck:Active:Interval", "00:00:05");
            Default(defaults, configuration, $"{cluster}:HealthCheck:Active:Timeout", "00:00:03");
            Default(defaults, configuration, $"{cluster}:HealthCheck:Active:Path", "/health");
            Default(defaults, configuration, $"{cluster}:HealthCheck:Active:Policy", "ConsecutiveFailures");
            if (!configuration.GetSection($"ReverseProxy:Routes:{service}").Exists())
            {
                var route = $"ReverseProxy:Routes:{service}";
                defaults[$"{route}:ClusterId"] = service;
                defaults[$"{route}:Order"] = "10";
                defaults[$"{route}:AuthorizationPolicy"] = "signed-in";
                defaults[$"{route}:RateLimiterPolicy"] = "per-user";
                defaults[$"{route}:Match:Path"] = $"/api/{service}/{{**rest}}";
            }
        }
        return configuration.AddInMemoryCollection(defaults);
    }

    private static void Default(Dictionary<string, string?> defaults, IConfiguration configuration, string key, string value)
    {
        if (configuration[key] is null)
        {
            defaults[key] = value;
        }
    }
}
