using System.Text.Json;
using EdsPlatform.Nlp.Pipeline.Qualifiers;
using EdsPlatform.Nlp.Pipeline.Terminology;
using EdsPlatform.Nlp.Pipeline.Text;

namespace EdsPlatform.Nlp.Pipeline.Templates;

/// <summary>
/// One structured field of a report type, computed from the annotated document: true when a mention (a term of the
/// field, or a lexicon entity whose CIM-10 code starts with one of the prefixes) lies in one of the sections and has an
/// accepted assertion. When none of the sections is in the report, <see cref="FallbackSections"/> are read instead.
/// </summary>
public sealed record TemplateField(
    string Name,
    string[] Sections,
    string[]? FallbackSections = null,
    string[]? Terms = null,
    string[]? Cim10Prefixes = null,
    bool AnyDiagnosis = false,
    string[]? Accept = null);

/// <summary>Evidence for a field: the mention that decided it.</summary>
public sealed record FieldEvidence(string Text, int Start, int End, string Assertion);

/// <summary>A report type's fields, declared in Data/templates/*.json.</summary>
public sealed class ReportTemplate
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<(TemplateField Field, TokenTrie<string> Terms)> _fields;

    public ReportTemplate(string documentType, string title, IEnumerable<TemplateField> fields)
    {
        DocumentType = documentType;
        Title = title;
        _fields = fields.Select(field =>
        {
            var trie = new TokenTrie<string>();
            foreach (var term in field.Terms ?? [])
            {
                trie.Add(term, term);
            }
            return (field, trie);
        }).ToList();
    }

    public string DocumentType { get; }

    public string Title { get; }

    public IEnumerable<string> FieldNames => _fields.Select(f => f.Field.Name);

    public static ReportTemplate Load(string path)
    {
        var file = JsonSerializer.Deserialize<TemplateFile>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");
        return new ReportTemplate(file.DocumentType, file.Title, file.Fields);
    }

    /// <summary>The template's values for an analysed document, with the mention behind each true value.</summary>
    public Dictionary<string, object?> Evaluate(ClinicalText text, IReadOnlyList<Entity> entities, IReadOnlyList<Entity> dates)
    {
        var values = new Dictionary<string, object?> { ["documentType"] = DocumentType };
        var evidence = new Dictionary<string, FieldEvidence>();
        foreach (var (field, terms) in _fields)
        {
            var sections = text.Sections.Where(s => field.Sections.Contains(s.Code)).ToList();
            if (sections.Count == 0 && field.FallbackSections is { } fallback)
            {
                sections = text.Sections.Where(s => fallback.Contains(s.Code)).ToList();
            }
            var accept = field.Accept ?? ["affirmed"];
            var mentions = new List<Entity>();
            foreach (var section in sections)
            {
                mentions.AddRange(entities.Where(e => e.Start >= section.Start && e.End <= section.End && Matches(field, e)));
                mentions.AddRange(TermMentions(text, terms, section, entities));
            }
            QualifierEngine.Qualify(text, mentions.Where(m => m.Label == EntityLabels.Span).ToList(), dates);
            var decisive = mentions.FirstOrDefault(m => accept.Contains(m.Assertion));
            values[field.Name] = decisive is not null;
            if (decisive is not null)
            {
                evidence[field.Name] = new FieldEvidence(decisive.Text, decisive.Start, decisive.End, decisive.Assertion);
            }
        }
        values["evidence"] = evidence;
        return values;
    }

    private static bool Matches(TemplateField field, Entity entity) =>
        entity.Cim10 is { } code && (field.AnyDiagnosis || field.Cim10Prefixes?.Any(p => code.StartsWith(p, StringComparison.OrdinalIgnoreCase)) == true);

    private static IEnumerable<Entity> TermMentions(ClinicalText text, TokenTrie<string> terms, Section section, IReadOnlyList<Entity> entities)
    {
        if (terms.Count == 0)
        {
            yield break;
        }
        foreach (var match in terms.Matches(text.Tokens, section.FirstToken, section.EndToken))
        {
            var start = text.Tokens[match.First].Start;
            var end = text.Tokens[match.End - 1].End;
            // Inside a lexicon entity the entity speaks for itself.
            if (entities.Any(e => e.Start <= start && end <= e.End && e.Cim10 is not null))
            {
                continue;
            }
            yield return new Entity { Label = EntityLabels.Span, Start = start, End = end, Text = text.Text[start..end], FirstToken = match.First, EndToken = match.End };
        }
    }

    private sealed record TemplateFile(string DocumentType, string Title, List<TemplateField> Fields);
}

/// <summary>Every report template shipped in Data/templates, by document type.</summary>
public sealed class TemplateCatalogue(IReadOnlyDictionary<string, ReportTemplate> templates)
{
    public IReadOnlyDictionary<string, ReportTemplate> Templates => templates;

    public static TemplateCatalogue LoadDefault(string? folder = null)
    {
        folder ??= Path.Combine(AppContext.BaseDirectory, "NlpData", "templates");
        var templates = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").Select(ReportTemplate.Load).ToDictionary(t => t.DocumentType, StringComparer.Ordinal)
            : [];
        return new TemplateCatalogue(templates);
    }
}
