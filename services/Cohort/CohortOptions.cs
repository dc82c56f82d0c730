namespace EdsPlatform.Cohort;

/// <summary>Section "Cohort".</summary>
public sealed class CohortOptions
{
    public const string SectionName = "Cohort";

    /// <summary>Counts from 1 to this minus one are shown as "&lt;N" to everyone (small-cell suppression).</summary>
    public int SmallCellThreshold { get; set; } = 10;

    /// <summary>The read-only role's password (the AppHost generates it; the warehouse creates the role).</summary>
    public string? ReaderPassword { get; set; }

    public string ReaderUser { get; set; } = "omop_reader";

    /// <summary>A running job whose worker has not been heard of for this long is taken over (its worker died).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times a job is started before it is failed (a definition that kills its worker must not loop).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>A job still running after this long is stopped (its query cancelled on the server) and failed with a message.</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Jobs one user may have waiting or running at once; more are refused with 429 until one ends.</summary>
    public int MaxActiveJobsPerUser { get; set; } = 5;
}
