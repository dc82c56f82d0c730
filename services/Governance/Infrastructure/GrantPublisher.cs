using System.Text.Json;
using EdsPlatform.DataAccess;

namespace EdsPlatform.Governance.Infrastructure;

/// <summary>
/// Puts a project's new access state in Redis and announces it, after the change committed: every door
/// evicts its copy at once. Best effort, never thrown: the decision stands in governancedb, and a door that
/// stops hearing governance's heartbeat stops trusting its caches and asks governance instead.
/// </summary>
public sealed class GrantPublisher(BestEffortRedis redis, ILogger<GrantPublisher> logger)
{
    public async Task PublishAsync(GrantSnapshot snapshot)
    {
        await StoreAsync(snapshot);
        if (!await redis.PublishAsync(GovernanceChannels.GrantChanged, snapshot.ProjectId))
        {
            logger.LogWarning("Could not announce the new access state of project {ProjectId}; doors will ask governance once its heartbeat stops", snapshot.ProjectId);
        }
    }

    public Task StoreAsync(GrantSnapshot snapshot) =>
        redis.TryAsync(db => db.StringSetAsync(GovernanceChannels.SnapshotKey(snapshot.ProjectId),
            JsonSerializer.Serialize(snapshot, GovernanceJson.Options), GovernanceChannels.SnapshotLifetime), BestEffortRedis.WriteTimeout, "grant store");
}

/// <summary>
/// Governance's heartbeat on Redis: while the doors hear it, they know announcements reach them, and may trust
/// their caches. It stops when Redis is frozen or dead, or governance is down (then nothing can be audited anyway).
/// </summary>
public sealed class GrantHeartbeat(BestEffortRedis redis) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(GovernanceChannels.HeartbeatInterval);
        do
        {
            await redis.PublishAsync(GovernanceChannels.Heartbeat, "alive");
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
