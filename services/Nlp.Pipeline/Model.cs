using System.Text.Json.Serialization;

namespace EdsPlatform.Nlp.Pipeline;

/// <summary>Entity labels the pipeline produces.</summary>
public static class EntityLabels
{
    public const string Diagnosis = "diagnosis";
    public const string Drug = "drug";
    public const string Date = "date";
    public const string Duration = "duration";
    public const string Measurement = "measurement";
    public const string Span = "span";
}

/// <summary>Why a qualifier was set: the cue's text and where it is (or the section, or the date, that decided).</summary>
public sealed record Cue(string Qualifier, string Text, int Start, int End);

/// <summary>
/// A mention in the text. Offsets are UTF-16 indices into the submitted text, end exclusive. The five qualifiers are
/// independent; <see cref="Assertion"/> sums them up for those who want one value (family, then negated, then
/// hypothesis, then history, else affirmed).
/// </summary>
public sealed class Entity
{
    public required string Label { get; init; }
    public required int Start { get; init; }
    public required int End { get; init; }
    public required string Text { get; init; }
    public bool Negated { get; set; }
    public bool Hypothesis { get; set; }
    public bool Family { get; set; }
    public bool History { get; set; }
    public bool ReportedSpeech { get; set; }

    public string Assertion => Family ? "family" : Negated ? "negated" : Hypothesis ? "hypothesis" : History ? "history" : "affirmed";

    /// <summary>The section code the mention is in ("conclusion", "antecedents" …).</summary>
    public string? Section { get; set; }
    public string? Cim10 { get; init; }
    public string? Atc { get; init; }
    /// <summary>The normalised name: lexicon term, analyte, or a date's "-3 weeks" style reading.</summary>
    public string? Norm { get; init; }
    /// <summary>Dates: YYYY-MM-DD, YYYY-MM or YYYY once resolved against the note date; durations: ISO 8601 (P7D).</summary>
    public string? Resolved { get; init; }
    public double? Value { get; init; }
    /// <summary>Every value when there are several: a range (4-10) or a pair (TA 178/96).</summary>
    public double[]? Values { get; init; }
    public string? Unit { get; init; }
    public string? Dose { get; set; }
    public string? Frequency { get; set; }
    public string? Duration { get; set; }
    public string? Route { get; set; }
    public List<Cue>? Cues { get; set; }

    [JsonIgnore]
    public int FirstToken { get; set; } = -1;

    [JsonIgnore]
    public int EndToken { get; set; } = -1;

    public void AddCue(Cue cue) => (Cues ??= []).Add(cue);
}

/// <summary>A section as the API shows it.</summary>
public sealed record SectionSpan(string Code, string Title, int Start, int End);

/// <summary>The whole analysis of one text.</summary>
public sealed record Analysis(IReadOnlyList<SectionSpan> Sections, IReadOnlyList<Entity> Entities, IReadOnlyDictionary<string, object?>? Template);

/// <summary>An analysis as the API answers it (also read by the web app): with the note date used and the system's name and version.</summary>
public sealed record AnalysisResponse(IReadOnlyList<SectionSpan> Sections, IReadOnlyList<Entity> Entities, IReadOnlyDictionary<string, object?>? Template, string NoteDate, string System);

/// <summary>A pseudonymisation as the API answers it: the identifiers found (offsets in the submitted text) and the new text.</summary>
public sealed record PseudonymizeResponse(IReadOnlyList<Pseudonymization.Identifier> Entities, string Text, string Mode, int? DateShiftDays);
