using System.Text.Json;
using EdsPlatform.Cohort.Application;
using StackExchange.Redis;

namespace EdsPlatform.Cohort.Infrastructure;

/// <summary>
/// Count results in Redis by definition hash and data version (the warehouse's last load): the same question on
/// the same data is answered once, for every user and instance. A new load changes the version, so nothing stale
/// is served. Best effort: without Redis, jobs simply compute.
/// </summary>
public sealed class ResultCache(IConnectionMultiplexer redis, ILogger<ResultCache> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public async Task<RawCohortResult?> GetAsync(string definitionSha256, string dataVersion)
    {
        try
        {
            var json = await redis.GetDatabase().StringGetAsync(Key(definitionSha256, dataVersion));
            return json.HasValue ? JsonSerializer.Deserialize<RawCohortResult>(json.ToString()) : null;
        }
        catch (RedisException failure)
        {
            logger.LogWarning(failure, "Cohort result cache unavailable");
            return null;
        }
    }

    public async Task SetAsync(string definitionSha256, RawCohortResult result)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync(Key(definitionSha256, result.DataVersion), JsonSerializer.Serialize(result), Lifetime);
        }
        catch (RedisException failure)
        {
            logger.LogWarning(failure, "Cohort result cache unavailable");
        }
    }

    private static string Key(string definitionSha256, string dataVersion) => $"eds:cohort:result:v2:{definitionSha256}:{dataVersion}";
}
