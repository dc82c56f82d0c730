using System.Globalization;
using EdsPlatform.Nlp.Pipeline;

namespace EdsPlatform.Nlp.Extraction;

/// <summary>A NOTE_NLP row as written (OMOP CDM 5.4), before its id.</summary>
public sealed record NoteNlpRecord(long NoteId, string Offset, string LexicalVariant, string? Snippet, int? ConceptId, int? SourceConceptId,
    string TermExists, string? TermTemporal, string TermModifiers);

/// <summary>
/// How the pipeline's mentions become NOTE_NLP rows: the offsets as "start-end" (UTF-16, end exclusive), the CIM-10 or
/// ATC code mapped to the vocabulary's concept (source) and its standard concept ("Maps to"), term_exists = Y only for a
/// fact affirmed about the patient (not negated, hypothetical, about a relative or reported), term_temporal "past" for
/// history (a date's own resolved value for dates), and every qualifier in term_modifiers, the label first.
/// </summary>
public static class NoteNlpRows
{
    private const int SnippetWindow = 60;

    public static IEnumerable<NoteNlpRecord> From(long noteId, string text, Analysis analysis, VocabularyMap vocabulary)
    {
        foreach (var entity in analysis.Entities)
        {
            var code = entity.Label switch { EntityLabels.Diagnosis => entity.Cim10, EntityLabels.Drug => entity.Atc, _ => null };
            var concepts = code is null ? default : vocabulary.Find(entity.Label == EntityLabels.Diagnosis ? VocabularyMap.Cim10 : VocabularyMap.Atc, code);
            var exists = !entity.Negated && !entity.Hypothesis && !entity.Family && !entity.ReportedSpeech;
            yield return new NoteNlpRecord(noteId, $"{entity.Start}-{entity.End}", Cut(entity.Text, 250), Snippet(text, entity),
                concepts.Standard, concepts.Source, exists ? "Y" : "N",
                entity.Label is EntityLabels.Date or EntityLabels.Duration ? entity.Resolved : entity.History ? "past" : "present",
                Cut(Modifiers(entity, code), 2000));
        }
    }

    public static string LabelOf(string modifiers) => modifiers.StartsWith("label=", StringComparison.Ordinal) ? modifiers[6..].Split(';')[0] : "";

    public static string? SectionOf(string modifiers) =>
        modifiers.Split(';').FirstOrDefault(m => m.StartsWith("section=", StringComparison.Ordinal))?[8..];

    private static string Modifiers(Entity entity, string? code)
    {
        static string Flag(bool value) => value ? "true" : "false";
        var parts = new List<string>
        {
            $"label={entity.Label}", $"negated={Flag(entity.Negated)}", $"hypothesis={Flag(entity.Hypothesis)}", $"family={Flag(entity.Family)}",
            $"history={Flag(entity.History)}", $"reported={Flag(entity.ReportedSpeech)}", $"assertion={entity.Assertion}",
        };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={value.Replace(';', ',')}");
            }
        }
        Add("section", entity.Section);
        Add(entity.Label == EntityLabels.Drug ? "atc" : "cim10", code);
        Add("norm", entity.Norm);
        Add("value", entity.Value?.ToString(CultureInfo.InvariantCulture));
        Add("unit", entity.Unit);
        Add("dose", entity.Dose);
        Add("frequency", entity.Frequency);
        Add("duration", entity.Duration);
        Add("route", entity.Route);
        return string.Join(';', parts);
    }

    private static string Snippet(string text, Entity entity)
    {
        var start = Math.Max(0, entity.Start - SnippetWindow);
        var end = Math.Min(text.Length, entity.End + SnippetWindow);
        return Cut(text[start..end].ReplaceLineEndings(" "), 250);
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}
