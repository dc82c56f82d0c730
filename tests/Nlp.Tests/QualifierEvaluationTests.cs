using EdsPlatform.Nlp.Pipeline;
using EdsPlatform.Nlp.Tests.Evaluation;
using Xunit.Abstractions;

namespace EdsPlatform.Nlp.Tests;

/// <summary>
/// The qualifiers measured on the project's evaluation set (Evaluation/qualifiers.jsonl: 630 sentences written for it,
/// with the traps of clinical French). The floors are the figures stated in the README, so that a change that makes
/// the pipeline worse fails here.
/// </summary>
public sealed class QualifierEvaluationTests(ITestOutputHelper output)
{
    private static readonly ClinicalPipeline Pipeline = ClinicalPipeline.LoadDefault();

    [Fact]
    public void Qualifiers_reach_their_floors_on_the_evaluation_set()
    {
        var scores = new[] { "negated", "hypothesis", "family", "history", "reportedSpeech" }.ToDictionary(q => q, q => new Score(q));
        var errors = new List<string>();
        foreach (var item in Gold.Qualifiers())
        {
            var start = Gold.Offset(item.Text, item.Span, item.Occurrence);
            var entity = Pipeline.Qualify(item.Text, [new TextSpan(start, start + item.Span.Length)], DateOnly.Parse(item.NoteDate))[0];
            Check("negated", item.Negated, entity.Negated);
            Check("hypothesis", item.Hypothesis, entity.Hypothesis);
            Check("family", item.Family, entity.Family);
            Check("history", item.History, entity.History);
            Check("reportedSpeech", item.ReportedSpeech, entity.ReportedSpeech);

            void Check(string qualifier, bool expected, bool predicted)
            {
                scores[qualifier].Count(expected, predicted);
                if (expected != predicted)
                {
                    errors.Add($"{item.Id} {qualifier} expected {expected}: [{item.Span}] {item.Text.Replace("\n", " / ", StringComparison.Ordinal)} cues: {string.Join(", ", entity.Cues?.Select(c => $"{c.Qualifier}:{c.Text}") ?? [])}");
                }
            }
        }
        output.WriteLine(Score.Table("Qualifiers (Evaluation/qualifiers.jsonl)", scores.Values));
        output.WriteLine(string.Join("\n", errors));

        Assert.True(scores["negated"].F1 >= 0.90, $"negation F1 {scores["negated"].F1:0.000}");
        Assert.True(scores["hypothesis"].F1 >= 0.80, $"hypothesis F1 {scores["hypothesis"].F1:0.000}");
        Assert.True(scores["family"].F1 >= 0.85, $"family F1 {scores["family"].F1:0.000}");
        Assert.True(scores["history"].F1 >= 0.85, $"history F1 {scores["history"].F1:0.000}");
        Assert.True(scores["reportedSpeech"].F1 >= 0.85, $"reported speech F1 {scores["reportedSpeech"].F1:0.000}");
    }
}
