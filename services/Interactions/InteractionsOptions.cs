namespace EdsPlatform.Interactions;

/// <summary>Section "Interactions".</summary>
public sealed class InteractionsOptions
{
    public const string SectionName = "Interactions";

    /// <summary>
    /// The folder of thesaurus editions (one sub-folder each, named by date, e.g. "2019-09", in the shipped format).
    /// By default the editions shipped with the service.
    /// </summary>
    public string? EditionsFolder { get; set; }

    /// <summary>The edition answers use unless a request names one; by default the newest.</summary>
    public string? Edition { get; set; }

    /// <summary>The most lines one prescription may have.</summary>
    public int MaxLines { get; set; } = 100;
}
