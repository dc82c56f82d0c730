namespace EdsPlatform.Nlp;

/// <summary>Section "Nlp".</summary>
public sealed class NlpOptions
{
    public const string SectionName = "Nlp";

    /// <summary>The longest text accepted, in characters (UTF-16 code units, the unit of the offsets); longer is 413.</summary>
    public int MaxTextLength { get; set; } = 200_000;

    /// <summary>The most texts one batch request may carry.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>The most spans one qualify request may carry.</summary>
    public int MaxSpans { get; set; } = 1_000;

    /// <summary>Notes extracted, written to NOTE_NLP and checkpointed per transaction by an extraction job.</summary>
    public int ExtractionBatchSize { get; set; } = 200;
}
