using System.Text.Json;
using EdsPlatform.Cohort.Application;
using EdsPlatform.DataAccess;

namespace EdsPlatform.Cohort.Infrastructure;

/// <summary>
/// Count results in Redis by definition hash and data version (the warehouse's last load): the same question on
/// the same data is answered once, for every user and instance. A new load changes the version, so nothing stale
/// is served. Best effort: when Redis is slow, frozen or gone, jobs simply compute.
/// </summary>
public sealed class ResultCache(BestEffortRedis redis)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public async Task<RawCohortResult?> GetAsync(string definitionSha256, string dataVersion)
    {
        var json = await redis.TryAsync(async db => await db.StringGetAsync(Key(definitionSha256, dataVersion)), BestEffortRedis.ReadTimeout, "cohort result read");
        return json.HasValue ? JsonSerializer.Deserialize<RawCohortResult>(json.ToString(), JsonSerializerOptions.Web) : null;
    }

    public Task SetAsync(string definitionSha256, RawCohortResult result) =>
        redis.TryAsync(db => db.StringSetAsync(Key(definitionSha256, result.DataVersion), JsonSerializer.Serialize(result, JsonSerializerOptions.Web), Lifetime),
            BestEffortRedis.WriteTimeout, "cohort result write");

    private static string Key(string definitionSha256, string dataVersion) => $"eds:cohort:result:v2:{definitionSha256}:{dataVersion}";
}
