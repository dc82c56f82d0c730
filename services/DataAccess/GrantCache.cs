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
/// pub/sub delay, not the cache lifetime.
/// </summary>
public sealed class GrantCache(IConnectionMultiplexer redis, GovernanceApiClient governance, TimeProvider time, IOptions<DataAccessOptions> options)
{
    private readonly ConcurrentDictionary<string, (GrantSnapshot Snapshot, DateTimeOffset Until)> _memory = new(StringComparer.Ordinal);
    private long _evictions;

    public async ValueTask<GrantSnapshot> GetAsync(string projectId, CancellationToken cancellationToken)
    {
        // While Redis is unreachable no eviction can arrive: trust nothing in memory.
        if (redis.IsConnected && _memory.TryGetValue(projectId, out var cached) && time.GetUtcNow() < cached.Until)
        {
            return cached.Snapshot;
        }
        var evictionsBefore = Interlocked.Read(ref _evictions);
        var snapshot = await ReadSharedAsync(projectId) ?? await governance.GetSnapshotAsync(projectId, cancellationToken);
        // A change published while we were reading would be lost if we stored what we read.
        if (Interlocked.Read(ref _evictions) == evictionsBefore)
        {
            _memory[projectId] = (snapshot, time.GetUtcNow() + options.Value.MemoryLifetime);
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

    private async Task<GrantSnapshot?> ReadSharedAsync(string projectId)
    {
        try
        {
            var json = await redis.GetDatabase().StringGetAsync(GovernanceChannels.SnapshotKey(projectId));
            return json.HasValue ? JsonSerializer.Deserialize<GrantSnapshot>(json.ToString(), GovernanceJson.Options) : null;
        }
        catch (RedisException)
        {
            return null; // Governance is the source of truth; Redis only saves it work.
        }
    }
}

/// <summary>Evicts a project's snapshot when governance announces a change, and everything after a Redis reconnection.</summary>
public sealed class GrantChangeListener(IConnectionMultiplexer redis, GrantCache cache, ILogger<GrantChangeListener> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnConnectionChanged;
        redis.ConnectionFailed += OnConnectionChanged;
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(GovernanceChannels.GrantChanged), (_, projectId) =>
        {
            if (projectId.HasValue)
            {
                cache.Evict(projectId.ToString());
            }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionChanged;
        redis.ConnectionFailed -= OnConnectionChanged;
        await redis.GetSubscriber().UnsubscribeAsync(RedisChannel.Literal(GovernanceChannels.GrantChanged));
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
    {
        logger.LogInformation("Redis connection {Event}: grant snapshots in memory dropped", e.FailureType);
        cache.Clear();
    }
}
