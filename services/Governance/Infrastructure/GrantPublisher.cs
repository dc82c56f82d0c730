using System.Text.Json;
using EdsPlatform.DataAccess;
using StackExchange.Redis;

namespace EdsPlatform.Governance.Infrastructure;

/// <summary>
/// Puts a project's new access state in Redis and announces it, after the change committed: every door
/// evicts its copy at once. A Redis failure is logged, not thrown: the decision stands in governancedb, and
/// doors stop trusting memory while their Redis connection is down.
/// </summary>
public sealed class GrantPublisher(IConnectionMultiplexer redis, ILogger<GrantPublisher> logger)
{
    public async Task PublishAsync(GrantSnapshot snapshot)
    {
        try
        {
            await StoreAsync(snapshot);
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(GovernanceChannels.GrantChanged), snapshot.ProjectId);
        }
        catch (RedisException failure)
        {
            logger.LogError(failure, "Could not announce the new access state of project {ProjectId}", snapshot.ProjectId);
        }
    }

    public Task StoreAsync(GrantSnapshot snapshot) =>
        redis.GetDatabase().StringSetAsync(GovernanceChannels.SnapshotKey(snapshot.ProjectId),
            JsonSerializer.Serialize(snapshot, GovernanceJson.Options), GovernanceChannels.SnapshotLifetime);
}
