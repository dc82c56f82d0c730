using System.Text.Json;
using EdsPlatform.Nlp.Pipeline;
using EdsPlatform.Nlp.Pipeline.Pseudonymization;
using EdsPlatform.Nlp.Tests.Evaluation;
using Xunit.Abstractions;

namespace EdsPlatform.Nlp.Tests;

/// <summary>
/// Entities, pseudonymisation and report templates measured on the project's evaluation documents
/// (Evaluation/documents: hospital reports, letters, brain MRI and chest X-ray reports written for it, with their gold
/// annotations). A predicted span counts when it overlaps a gold span of the same label.
/// </summary>
public sealed class DocumentEvaluationTests(ITestOutputHelper output)
{
    private static readonly ClinicalPipeline Pipeline = ClinicalPipeline.LoadDefault();

    private static readonly IReadOnlyList<GoldDocument> Documents = Gold.Documents();

    [Fact]
    public void Entities_are_found_with_their_codes_and_assertions()
    {
        var labels = new[] { EntityLabels.Diagnosis, EntityLabels.Drug, EntityLabels.Date, EntityLabels.Measurement };
        var scores = labels.ToDictionary(l => l, l => new Score(l));
        var codes = new Score("CIM-10 category of found diagnoses");
        var atc = new Score("ATC of found drugs (same class, 5 characters)");
        var assertion = new Score("assertion of found diagnoses");
        var resolved = new Score("resolved value of found dates");
        var misses = new List<string>();
        foreach (var document in Documents)
        {
            var analysis = Pipeline.Analyze(document.Text, DateOnly.Parse(document.NoteDate));
            foreach (var label in labels)
            {
                var gold = document.Entities.Where(e => e.Label == label || label == EntityLabels.Date && e.Label == EntityLabels.Duration)
                    .Select(e => (Entity: e, Start: Gold.Offset(document.Text, e.Text, e.Occurrence))).ToList();
                var predicted = analysis.Entities.Where(e => e.Label == label || label == EntityLabels.Date && e.Label == EntityLabels.Duration).ToList();
                var matched = 0;
                foreach (var (entity, start) in gold)
                {
                    var end = start + entity.Text.Length;
                    var hit = predicted.FirstOrDefault(p => p.Start < end && start < p.End);
                    if (hit is null)
                    {
                        misses.Add($"{document.Id} missed {label}: {entity.Text}");
                        continue;
                    }
                    matched++;
                    if (label == EntityLabels.Diagnosis && entity.Cim10 is { Length: >= 3 } code)
                    {
                        codes.Count(true, hit.Cim10 is { Length: >= 3 } found && found[..3] == code[..3]);
                        assertion.Count(true, hit.Assertion == entity.Assertion);
                        if (hit.Assertion != entity.Assertion)
                        {
                            misses.Add($"{document.Id} assertion of {entity.Text}: {hit.Assertion}, expected {entity.Assertion}");
                        }
                    }
                    if (label == EntityLabels.Drug && entity.Atc is { Length: >= 5 } atcCode)
                    {
                        atc.Count(true, hit.Atc is { Length: >= 5 } found && found[..5] == atcCode[..5]);
                    }
                    if (label == EntityLabels.Date && entity.Resolved is { } expected)
                    {
                        resolved.Count(true, hit.Resolved == expected);
                    }
                }
                var spurious = predicted.Count(p => !gold.Any(g => p.Start < g.Start + g.Entity.Text.Length && g.Start < p.End));
                scores[label].Add(matched, spurious, gold.Count - matched);
            }
        }
        output.WriteLine(Score.Table($"Entities ({Documents.Count} documents)", scores.Values));
        output.WriteLine(Score.Table("Normalisation of found entities (recall = accuracy)", [codes, atc, assertion, resolved]));
        output.WriteLine(string.Join("\n", misses));

        Assert.True(scores[EntityLabels.Date].F1 >= 0.80, $"dates F1 {scores[EntityLabels.Date].F1:0.000}");
        Assert.True(scores[EntityLabels.Drug].Recall >= 0.70, $"drugs recall {scores[EntityLabels.Drug].Recall:0.000}");
        Assert.True(scores[EntityLabels.Diagnosis].Recall >= 0.50, $"diagnoses recall {scores[EntityLabels.Diagnosis].Recall:0.000}");
        Assert.True(assertion.Recall >= 0.80, $"assertion accuracy {assertion.Recall:0.000}");
    }

    [Fact]
    public void Identifiers_are_found_before_a_report_leaves_the_warehouse()
    {
        var labels = Documents.SelectMany(d => d.Pseudo).Select(p => p.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        var scores = labels.ToDictionary(l => l, l => new Score(l));
        var masked = new Score("any label (the text is hidden)");
        var misses = new List<string>();
        foreach (var document in Documents)
        {
            var result = Pipeline.Pseudonymize(document.Text, DateOnly.Parse(document.NoteDate), PseudonymizationMode.Tags);
            var gold = document.Pseudo.Select(p => (p.Label, Start: Gold.Offset(document.Text, p.Text, p.Occurrence), End: Gold.Offset(document.Text, p.Text, p.Occurrence) + p.Text.Length, p.Text)).ToList();
            foreach (var label in labels)
            {
                var expected = gold.Where(g => g.Label == label).ToList();
                var predicted = result.Entities.Where(e => e.Label == label).ToList();
                var found = expected.Count(g => predicted.Any(p => p.Start < g.End && g.Start < p.End));
                var spurious = predicted.Count(p => !expected.Any(g => p.Start < g.End && g.Start < p.End));
                scores[label].Add(found, spurious, expected.Count - found);
                misses.AddRange(expected.Where(g => !predicted.Any(p => p.Start < g.End && g.Start < p.End)).Select(g => $"{document.Id} missed {label}: {g.Text}"));
                misses.AddRange(predicted.Where(p => !expected.Any(g => p.Start < g.End && g.Start < p.End)).Select(p => $"{document.Id} spurious {label}: {p.Text}"));
            }
            var hidden = gold.Count(g => result.Entities.Any(p => p.Start < g.End && g.Start < p.End));
            masked.Add(hidden, result.Entities.Count(p => !gold.Any(g => p.Start < g.End && g.Start < p.End)), gold.Count - hidden);
        }
        output.WriteLine(Score.Table($"Pseudonymisation ({Documents.Count} documents)", [.. scores.Values, masked]));
        output.WriteLine(string.Join("\n", misses));

        string[] structured = [IdentifierLabels.Tel, IdentifierLabels.Mail, IdentifierLabels.Secu, IdentifierLabels.Ipp, IdentifierLabels.Nda, IdentifierLabels.Zip];
        var structuredScore = new Score("structured");
        foreach (var label in structured.Where(scores.ContainsKey))
        {
            structuredScore.Add(scores[label].TruePositives, scores[label].FalsePositives, scores[label].FalseNegatives);
        }
        Assert.True(structuredScore.Recall >= 0.97, $"structured identifiers recall {structuredScore.Recall:0.000}");
        Assert.True(masked.Recall >= 0.90, $"identifiers hidden {masked.Recall:0.000}");
    }

    [Fact]
    public void Report_templates_fill_their_fields()
    {
        var fields = new Dictionary<string, Score>();
        var errors = new List<string>();
        foreach (var document in Documents.Where(d => d.Template is not null && Pipeline.Templates.Templates.ContainsKey(d.DocumentType)))
        {
            var template = Pipeline.Analyze(document.Text, DateOnly.Parse(document.NoteDate), document.DocumentType).Template!;
            foreach (var (field, expected) in document.Template!)
            {
                var key = $"{document.DocumentType}.{field}";
                var score = fields.TryGetValue(key, out var known) ? known : fields[key] = new Score(key);
                var predicted = template[field] is true;
                // Accuracy: a right answer, true or false, is a true positive.
                score.Add(predicted == expected ? 1 : 0, 0, predicted == expected ? 0 : 1);
                if (predicted != expected)
                {
                    errors.Add($"{document.Id} {field}: {predicted}, expected {expected} ({JsonSerializer.Serialize(template["evidence"])})");
                }
            }
        }
        output.WriteLine(Score.Table("Report templates (recall column = accuracy)", fields.Values));
        output.WriteLine(string.Join("\n", errors));
        Assert.All(fields.Values.Where(f => f.Name.StartsWith("irm_cerebrale", StringComparison.Ordinal)), f => Assert.True(f.Recall >= 0.85, $"{f.Name} accuracy {f.Recall:0.000}"));
    }
}
