namespace EdsPlatform.Jobs;

/// <summary>Section "&lt;Service&gt;:Jobs".</summary>
public sealed class JobQueueOptions
{
    /// <summary>A running job whose worker has not been heard of for this long is taken over (its worker died).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times a job is started before it is failed (a payload that kills its worker must not loop).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>A job still running after this long is stopped (its work cancelled) and failed with a sentence.</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Jobs one user may have waiting or running at once; more are refused until one ends.</summary>
    public int MaxActiveJobsPerUser { get; set; } = 5;

    /// <summary>Whether this process runs jobs. Off in an API-only replica; a worker replica runs the same service with it on.</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>
    /// How often an idle worker looks for work it was not told about: stale jobs to take over, or a job queued while its
    /// listening connection was down. Queued jobs wake workers at once (LISTEN/NOTIFY).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
