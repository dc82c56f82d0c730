using Microsoft.Extensions.Options;

namespace EdsPlatform.DataAccess;

/// <summary>
/// Whether this door has heard from governance through Redis recently: governance sends a heartbeat on the
/// pub/sub channel every <see cref="GovernanceChannels.HeartbeatInterval"/>, and each door counts any message.
/// A frozen Redis still looks "connected", so the connection flag cannot say this. Caches are trusted only while
/// fresh; each silence longer than the trust window starts a new epoch, so that what was cached before it (when
/// announcements may have been missed) is never trusted again.
/// </summary>
public sealed class RedisLiveness(TimeProvider time, IOptions<DataAccessOptions> options)
{
    private long _lastHeardTicks;
    private long _epoch;

    public bool IsFresh => time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastHeardTicks) < options.Value.RedisTrustWindow.Ticks;

    public long Epoch => Interlocked.Read(ref _epoch);

    public void Heard()
    {
        var now = time.GetUtcNow().UtcTicks;
        if (now - Interlocked.Exchange(ref _lastHeardTicks, now) >= options.Value.RedisTrustWindow.Ticks)
        {
            Interlocked.Increment(ref _epoch);
        }
    }

    /// <summary>The connection failed or came back: nothing heard before counts.</summary>
    public void Lost()
    {
        Interlocked.Exchange(ref _lastHeardTicks, 0);
        Interlocked.Increment(ref _epoch);
    }
}
