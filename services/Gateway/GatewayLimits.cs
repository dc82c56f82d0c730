using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace EdsPlatform.Gateway;

/// <summary>Per-user rate limiting and request-size limits, refused with problem details (429, 413).</summary>
public static class GatewayLimits
{
    public const string PerUserPolicy = "per-user";

    /// <summary>Section "Gateway" (validated at start), and the per-user rate limit it sets.</summary>
    public static IServiceCollection AddGatewayLimits(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName)
            .Validate(options => options.RequestsPerSecondPerUser > 0 && options.MaxRequestBodyBytes > 0, "Gateway: limits are positive.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayOptions>>((limiter, gateway) =>
        {
            var options = gateway.Value;
            limiter.AddPolicy(PerUserPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                // Signed-in users are limited one by one; anonymous callers by address.
                context.User.UserId() ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RequestsPerSecondPerUser,
                    TokensPerPeriod = options.RequestsPerSecondPerUser,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }
                await AuthenticationExtensions.WriteProblemAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                    "Too many requests", $"At most {options.RequestsPerSecondPerUser} requests per second per user.", null);
            };
        });
        return services;
    }

    /// <summary>
    /// Refuses a body larger than the route allows before reading it (413), and caps what the server will
    /// read when the size is not announced (chunked uploads).
    /// </summary>
    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes;
            if (context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata?.TryGetValue("MaxRequestBodyBytes", out var routeLimit) == true)
            {
                limit = long.Parse(routeLimit, CultureInfo.InvariantCulture);
            }
            if (context.Request.ContentLength > limit)
            {
                await AuthenticationExtensions.WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge,
                    "Request too large", $"This route accepts at most {limit} bytes.", null);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            {
                sizeFeature.MaxRequestBodySize = limit;
            }
            await next();
        });
}
