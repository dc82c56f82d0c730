using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdsPlatform.DataAccess;

/// <summary>
/// Redis is a cache and a messenger: without it the service still keeps every promise (slower), so its absence
/// is "degraded", never "unhealthy", and the check answers within the read timeout.
/// </summary>
public sealed class RedisHealthCheck(BestEffortRedis redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // No answer comes back as a zero latency.
        var latency = await redis.TryAsync(async db => await db.PingAsync(), TimeSpan.FromMilliseconds(500), "health check");
        return latency > TimeSpan.Zero
            ? HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0} ms.")
            : HealthCheckResult.Degraded("Redis does not answer: caches are off and grant decisions come from governance.");
    }
}
