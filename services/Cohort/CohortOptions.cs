namespace EdsPlatform.Cohort;

/// <summary>Section "Cohort".</summary>
public sealed class CohortOptions
{
    public const string SectionName = "Cohort";

    /// <summary>Counts from 1 to this minus one are shown as "&lt;N" to everyone (small-cell suppression).</summary>
    public int SmallCellThreshold { get; set; } = 10;
}
