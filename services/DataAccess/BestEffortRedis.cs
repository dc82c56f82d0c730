using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using StackExchange.Redis;

namespace EdsPlatform.DataAccess;

/// <summary>
/// Redis for what it is here, a cache and a messenger: every operation has a short time limit, and a circuit
/// breaker stops trying for a few seconds after repeated failures, so a dead or frozen Redis costs one timeout,
/// not one per request. Failures come back as "no answer" (default), never as exceptions: nothing the platform
/// promises depends on Redis.
/// </summary>
public sealed class BestEffortRedis(IConnectionMultiplexer redis, ILogger<BestEffortRedis> logger)
{
    /// <summary>For reads on a request's path: a cache miss costs less than waiting.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>For writes and announcements, off the critical path.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromMilliseconds(250);

    private readonly ResiliencePipeline _breaker = new ResiliencePipelineBuilder()
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 3,
            SamplingDuration = TimeSpan.FromSeconds(5),
            BreakDuration = TimeSpan.FromSeconds(3),
            ShouldHandle = new PredicateBuilder().Handle<Exception>(failure => failure is not OperationCanceledException),
        })
        .Build();

    /// <summary>The operation's answer, or default when Redis failed, was too slow, or is being left alone.</summary>
    public async Task<T?> TryAsync<T>(Func<IDatabase, Task<T>> operation, TimeSpan timeout, string what)
    {
        try
        {
            return await _breaker.ExecuteAsync(async _ => await operation(redis.GetDatabase()).WaitAsync(timeout));
        }
        catch (BrokenCircuitException)
        {
            return default; // left alone for now: no time spent on it
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning("Redis {What} skipped: {Failure}", what, failure.Message);
            return default;
        }
    }

    /// <summary>Publishes on a channel; false when the message could not be sent.</summary>
    public async Task<bool> PublishAsync(string channel, string message) =>
        await TryAsync(async _ => await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message) >= 0, WriteTimeout, "publish");
}
