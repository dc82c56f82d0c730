namespace EdsPlatform.DataAccess;

/// <summary>The Redis names shared by governance (writer) and the doors (readers).</summary>
public static class GovernanceChannels
{
    /// <summary>Pub/sub channel: the message is a project id whose access state changed (approval, revocation, expiry).</summary>
    public const string GrantChanged = "eds:governance:grant-changed";

    /// <summary>The JSON snapshot of one project's access state.</summary>
    public static string SnapshotKey(string projectId) => $"eds:governance:grant:{projectId}";

    /// <summary>Pub/sub channel of governance's heartbeat: doors trust their caches only while they hear it.</summary>
    public const string Heartbeat = "eds:governance:heartbeat";

    /// <summary>How often governance sends its heartbeat.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a snapshot lives in Redis: every change rewrites it, this only bounds a missed write.</summary>
    public static readonly TimeSpan SnapshotLifetime = TimeSpan.FromMinutes(5);
}
