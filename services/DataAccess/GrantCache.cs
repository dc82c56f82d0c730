using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EdsPlatform.DataAccess;

/// <summary>
/// Grant snapshots in three tiers: this process's memory, then Redis (shared by every door), then
/// governance itself, which also writes the snapshot to Redis. Governance publishes each change, and
/// <see cref="GrantChangeListener"/> evicts the project here at once: a revocation is seen within the
/// pub/sub delay, not the cache lifetime. The caches are trusted only while <see cref="RedisLiveness"/> says
/// governance's heartbeat is heard: when Redis is frozen or dead, every decision comes from governance.
/// </summary>
public sealed class GrantCache(BestEffortRedis redis, RedisLiveness liveness, GovernanceApiClient governance, TimeProvider time, IOptions<DataAccessOptions> options)
{
    private readonly ConcurrentDictionary<string, (GrantSnapshot Snapshot, DateTimeOffset Until, long Epoch)> _memory = new(StringComparer.Ordinal);
    private long _evictions;

    public async ValueTask<GrantSnapshot> GetAsync(string projectId, CancellationToken cancellationToken)
    {
        var trusted = liveness.IsFresh;
        var epoch = liveness.Epoch;
        if (trusted && _memory.TryGetValue(projectId, out var cached) && cached.Epoch == epoch && time.GetUtcNow() < cached.Until)
        {
            return cached.Snapshot;
        }
        var evictionsBefore = Interlocked.Read(ref _evictions);
        var snapshot = (trusted ? await ReadSharedAsync(projectId) : null) ?? await governance.GetSnapshotAsync(projectId, cancellationToken);
        // A change published while we were reading would be lost if we stored what we read.
        if (trusted && Interlocked.Read(ref _evictions) == evictionsBefore)
        {
            _memory[projectId] = (snapshot, time.GetUtcNow() + options.Value.MemoryLifetime, epoch);
        }
        return snapshot;
    }

    public void Evict(string projectId)
    {
        Interlocked.Increment(ref _evictions);
        _memory.TryRemove(projectId, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _evictions);
        _memory.Clear();
    }

    /// <summary>Governance is the source of truth; Redis only saves it work, and is not waited for.</summary>
    private async Task<GrantSnapshot?> ReadSharedAsync(string projectId)
    {
        var json = await redis.TryAsync(async db => await db.StringGetAsync(GovernanceChannels.SnapshotKey(projectId)), BestEffortRedis.ReadTimeout, "grant read");
        return json.HasValue ? JsonSerializer.Deserialize<GrantSnapshot>(json.ToString(), GovernanceJson.Options) : null;
    }
}

/// <summary>
/// Evicts a project's snapshot when governance announces a change, notes governance's heartbeat, and drops
/// everything when the Redis connection fails or comes back.
/// </summary>
public sealed class GrantChangeListener(IConnectionMultiplexer redis, GrantCache cache, RedisLiveness liveness, ILogger<GrantChangeListener> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnConnectionChanged;
        redis.ConnectionFailed += OnConnectionChanged;
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal(GovernanceChannels.GrantChanged), (_, projectId) =>
        {
            liveness.Heard();
            if (projectId.HasValue)
            {
                cache.Evict(projectId.ToString());
            }
        });
        await subscriber.SubscribeAsync(RedisChannel.Literal(GovernanceChannels.Heartbeat), (_, _) => liveness.Heard());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionChanged;
        redis.ConnectionFailed -= OnConnectionChanged;
        var subscriber = redis.GetSubscriber();
        await subscriber.UnsubscribeAsync(RedisChannel.Literal(GovernanceChannels.GrantChanged));
        await subscriber.UnsubscribeAsync(RedisChannel.Literal(GovernanceChannels.Heartbeat));
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
    {
        logger.LogInformation("Redis connection {Event}: grant snapshots in memory dropped", e.FailureType);
        liveness.Lost();
        cache.Clear();
    }
}
