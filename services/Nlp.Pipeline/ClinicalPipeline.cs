using EdsPlatform.Nlp.Pipeline.Extraction;
using EdsPlatform.Nlp.Pipeline.Pseudonymization;
using EdsPlatform.Nlp.Pipeline.Qualifiers;
using EdsPlatform.Nlp.Pipeline.Templates;
using EdsPlatform.Nlp.Pipeline.Terminology;
using EdsPlatform.Nlp.Pipeline.Text;

namespace EdsPlatform.Nlp.Pipeline;

/// <summary>A span given by the caller, to be qualified like an entity.</summary>
public readonly record struct TextSpan(int Start, int End);

/// <summary>
/// The whole pipeline over one text: tokens, sentences and sections; lexicon entities (diagnoses with CIM-10, drugs
/// with ATC and posology), dates, durations and measurements; the five qualifiers on every entity; the report
/// template of the document type. Thread-safe: the lexicons are read-only once loaded.
/// </summary>
public sealed class ClinicalPipeline(Lexicon lexicon, NameLexicon names, TemplateCatalogue templates)
{
    /// <summary>The version written to NOTE_NLP.nlp_system.</summary>
    public const string SystemName = "eds-platform-nlp 1.0";

    private readonly Pseudonymizer _pseudonymizer = new(new IdentifierFinder(names));

    public static ClinicalPipeline LoadDefault() => new(Lexicon.LoadDefault(), NameLexicon.LoadDefault(), TemplateCatalogue.LoadDefault());

    public Lexicon Lexicon => lexicon;

    public TemplateCatalogue Templates => templates;

    public Analysis Analyze(string text, DateOnly noteDate, string? documentType = null)
    {
        var clinical = new ClinicalText(text, noteDate);
        var dates = DatesOf(clinical);
        var terms = lexicon.Match(clinical).Where(t => !dates.Any(d => d.Start < t.End && t.Start < d.End)).ToList();
        QualifierEngine.Qualify(clinical, terms, dates);
        var drugs = terms.Where(t => t.Label == EntityLabels.Drug).ToList();
        Posology.Attach(text, drugs, dates.Where(d => d.Label == EntityLabels.Duration).ToList());
        var measurements = MeasurementExtractor.Extract(clinical, [.. dates, .. drugs.Where(d => d.Dose is not null)]);

        var entities = new List<Entity>(terms.Count + dates.Count + measurements.Count);
        entities.AddRange(terms);
        entities.AddRange(dates);
        entities.AddRange(measurements.Where(m => !drugs.Any(d => d.Dose is not null && d.End <= m.Start && m.Start - d.End < 40 && m.Unit is "mg" or "g" or "µg" or "UI" or "mL")));
        entities.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        foreach (var entity in entities)
        {
            entity.Section = SectionFinder.At(clinical.Sections, entity.Start)?.Code;
        }
        var template = documentType is null ? null : templates.Templates[documentType].Evaluate(clinical, terms, dates);
        return new Analysis(
            clinical.Sections.Select(s => new SectionSpan(s.Code, s.Title, s.Start, s.End)).ToList(),
            entities,
            template);
    }

    /// <summary>The five qualifiers of each span, as eds-nlp qualifies any entity.</summary>
    public IReadOnlyList<Entity> Qualify(string text, IReadOnlyList<TextSpan> spans, DateOnly noteDate)
    {
        var clinical = new ClinicalText(text, noteDate);
        var dates = DatesOf(clinical);
        var entities = spans.Select(span =>
        {
            var (first, end) = clinical.TokenRange(span.Start, span.End);
            return new Entity { Label = EntityLabels.Span, Start = span.Start, End = span.End, Text = text[span.Start..span.End], FirstToken = first, EndToken = end };
        }).ToList();
        // Each span is qualified on its own: caller spans may overlap, and one span's words must not hide another's cue.
        foreach (var entity in entities)
        {
            QualifierEngine.Qualify(clinical, [entity], dates);
            entity.Section = SectionFinder.At(clinical.Sections, entity.Start)?.Code;
        }
        return entities;
    }

    /// <summary>The dates and durations of a text, placed on its tokens so that the qualifiers can weigh them.</summary>
    private static List<Entity> DatesOf(ClinicalText clinical)
    {
        var dates = DateExtractor.Extract(clinical.Text, clinical.NoteDate);
        foreach (var date in dates)
        {
            (date.FirstToken, date.EndToken) = clinical.TokenRange(date.Start, date.End);
        }
        return dates;
    }

    public PseudonymizedText Pseudonymize(string text, DateOnly noteDate, PseudonymizationMode mode, int? dateShiftDays = null) =>
        _pseudonymizer.Pseudonymize(new ClinicalText(text, noteDate), mode, dateShiftDays);
}
