using System.Text.Json;
using EdsPlatform.Nlp.Pipeline;
using Xunit.Abstractions;

namespace EdsPlatform.Nlp.Tests;

/// <summary>
/// eds-nlp's own qualifier and date examples (AP-HP, BSD-3-Clause; Data/edsnlp), as a check written by others: the
/// same spans, qualified or read by this pipeline.
/// </summary>
public sealed class EdsNlpExamplesTests(ITestOutputHelper output)
{
    private static readonly ClinicalPipeline Pipeline = ClinicalPipeline.LoadDefault();

    private static string File(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "edsnlp", name);

    [Theory]
    [InlineData("qualifier_negation.jsonl", 0.90)]
    [InlineData("qualifier_hypothesis.jsonl", 0.80)]
    [InlineData("qualifier_family.jsonl", 0.85)]
    [InlineData("qualifier_reported_speech.jsonl", 0.80)]
    public void Qualifier_examples_agree(string file, double floor)
    {
        int agree = 0, total = 0;
        foreach (var line in System.IO.File.ReadLines(File(file)))
        {
            using var example = JsonDocument.Parse(line);
            var text = example.RootElement.GetProperty("text").GetString()!;
            foreach (var entity in example.RootElement.GetProperty("entities").EnumerateArray())
            {
                var expected = Expected(entity.GetProperty("attributes"));
                if (expected is null)
                {
                    continue;
                }
                var span = new TextSpan(entity.GetProperty("start").GetInt32(), entity.GetProperty("end").GetInt32());
                var qualified = Pipeline.Qualify(text, [span], new DateOnly(2020, 1, 1))[0];
                var predicted = file switch
                {
                    "qualifier_negation.jsonl" => qualified.Negated,
                    "qualifier_hypothesis.jsonl" => qualified.Hypothesis,
                    "qualifier_family.jsonl" => qualified.Family,
                    _ => qualified.ReportedSpeech,
                };
                total++;
                agree += predicted == expected ? 1 : 0;
                if (predicted != expected)
                {
                    output.WriteLine($"expected {expected}: [{text[span.Start..span.End]}] {text}");
                }
            }
        }
        output.WriteLine($"{file}: {agree}/{total}");
        Assert.True(total > 0 && (double)agree / total >= floor, $"{agree}/{total} agree");
    }

    [Fact]
    public void Date_examples_are_found_and_resolved()
    {
        int found = 0, total = 0;
        foreach (var line in System.IO.File.ReadLines(File("dates.jsonl")))
        {
            using var example = JsonDocument.Parse(line);
            var text = example.RootElement.GetProperty("text").GetString()!;
            // The upstream test runs with this note date.
            var entities = Pipeline.Analyze(text, new DateOnly(1993, 9, 23)).Entities.Where(e => e.Label is EntityLabels.Date or EntityLabels.Duration).ToList();
            foreach (var entity in example.RootElement.GetProperty("entities").EnumerateArray())
            {
                int start = entity.GetProperty("start").GetInt32(), end = entity.GetProperty("end").GetInt32();
                total++;
                var hit = entities.Any(e => e.Start < end && start < e.End);
                found += hit ? 1 : 0;
                if (!hit)
                {
                    output.WriteLine($"missed [{text[start..end]}] in {text}");
                }
            }
        }
        output.WriteLine($"dates: {found}/{total}");
        Assert.True((double)found / total >= 0.75, $"{found}/{total} dates found");
    }

    private static bool? Expected(JsonElement attributes)
    {
        foreach (var attribute in attributes.EnumerateObject())
        {
            var value = attribute.Value;
            return attribute.Name switch
            {
                "polarity_" => value.GetString() == "NEG",
                "hypothesis_" => value.GetString() == "HYP",
                "family_" => value.GetString() == "FAMILY",
                "reported_speech_" => value.GetString() == "REPORTED",
                _ when value.ValueKind is JsonValueKind.True or JsonValueKind.False => value.GetBoolean(),
                _ when value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var parsed) => parsed,
                _ => null,
            };
        }
        return null;
    }
}
