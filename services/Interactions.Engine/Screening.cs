using System.Globalization;
using System.Text.RegularExpressions;

namespace EdsPlatform.Interactions.Engine;

/// <summary>
/// A drug as the warehouse records its exposures: the drug (a name or ATC code the resolver reads), the strength as
/// written ("75 mg"), the route and the units taken per day (quantity / days supply). Exposures sharing these share
/// their interactions, so a screening analyses each pair of variants once, not each pair of exposures.
/// <paramref name="Id"/> is the variant's position in the list planned.
/// </summary>
public sealed record DrugVariant(int Id, string Drug, string? Strength, string? Route, decimal? UnitsPerDay);

/// <summary>Two prescription lines (see <see cref="ScreeningPlan.LineOf"/>) that interact, and the finding they are counted under.</summary>
public sealed record LinePair(int First, int Second, int Finding);

/// <summary>What a screening counts: one pair of substances at one level and status, with the drugs that produced it.</summary>
public sealed record ScreeningFinding(int Index, IReadOnlyList<string> Substances, string Level, string Status, string Risk, string Conduct, IReadOnlyList<string> Drugs);

/// <param name="LineOf">Each variant's prescription line (variants that read as the same line share it).</param>
public sealed record ScreeningPlan(IReadOnlyList<int> LineOf, IReadOnlyList<LinePair> Pairs, IReadOnlyList<ScreeningFinding> Findings, IReadOnlyList<string> Unrecognised);

/// <summary>
/// Plans a warehouse screening: variants that read as the same prescription line are merged, each drug is resolved
/// once, and only drugs whose substances the thesaurus pairs are analysed line against line as a two-line
/// prescription (so dose and route conditions apply exactly as for a prescription). Pairs at or above the minimum
/// level (a code: CI, AD, PE, APEC) are kept, optionally only those involving given substances. The work grows with
/// the interacting drugs, not with the square of the variants.
/// </summary>
public static partial class ScreeningPlanner
{
    public static ScreeningPlan Plan(Analyzer analyzer, IReadOnlyList<DrugVariant> variants, IReadOnlySet<string>? substances, string minimumLevel)
    {
        var lineIds = new Dictionary<PrescriptionLine, int>();
        var lines = new List<PrescriptionLine>();
        var lineOf = new int[variants.Count];
        foreach (var variant in variants)
        {
            var line = ToLine(variant);
            if (!lineIds.TryGetValue(line, out var id))
            {
                lineIds[line] = id = lines.Count;
                lines.Add(line);
            }
            lineOf[variant.Id] = id;
        }
        var drugs = lines.Select(l => l.Drug).Distinct().ToDictionary(d => d, analyzer.Resolver.Resolve);
        var unrecognised = drugs.Where(d => d.Value.Status == Resolution.Unrecognised).Select(d => d.Key).Order(StringComparer.Ordinal).ToList();
        var linesOfDrug = lines.Select((line, id) => (line, id)).Where(l => drugs[l.line.Drug].Status == Resolution.Resolved)
            .GroupBy(l => l.line.Drug).ToDictionary(g => g.Key, g => g.Select(l => l.id).ToList());
        var names = linesOfDrug.Keys.Order(StringComparer.Ordinal).ToList();

        var findings = new Dictionary<(string, string, string, string), ScreeningFinding>();
        var findingDrugs = new List<SortedSet<string>>();
        var pairs = new List<LinePair>();
        for (var x = 0; x < names.Count; x++)
        {
            for (var y = x + 1; y < names.Count; y++)
            {
                var (first, second) = (drugs[names[x]].Substances, drugs[names[y]].Substances);
                if ((substances is not null && !first.Concat(second).Any(substances.Contains))
                    || !first.Any(a => second.Any(b => analyzer.Edition.EntriesFor(a, b).Count > 0)))
                {
                    continue;
                }
                foreach (var i in linesOfDrug[names[x]])
                {
                    foreach (var j in linesOfDrug[names[y]])
                    {
                        foreach (var interaction in analyzer.Analyse([lines[i], lines[j]]).Interactions)
                        {
                            if (interaction.Level is not { } level || Analyzer.LevelRank(level) < Analyzer.LevelRank(minimumLevel)
                                || interaction.Status is not ("applies" or "conditional"))
                            {
                                continue;
                            }
                            var key = (interaction.Substances[0], interaction.Substances[1], level, interaction.Status);
                            if (!findings.TryGetValue(key, out var finding))
                            {
                                findings[key] = finding = new ScreeningFinding(findings.Count, interaction.Substances, level, interaction.Status, interaction.Risk, interaction.Conduct, []);
                                findingDrugs.Add(new SortedSet<string>(StringComparer.Ordinal));
                            }
                            findingDrugs[finding.Index].UnionWith([Describe(lines[i]), Describe(lines[j])]);
                            pairs.Add(new LinePair(i, j, finding.Index));
                        }
                    }
                }
            }
        }
        return new ScreeningPlan(lineOf, pairs, [.. findings.Values.Select(f => f with { Drugs = [.. findingDrugs[f.Index]] })], unrecognised);
    }

    /// <summary>The variant as a prescription line: the dose read from the strength, the daily amount from the units per day.</summary>
    public static PrescriptionLine ToLine(DrugVariant variant)
    {
        if (variant.Strength is { } strength && StrengthPattern().Match(strength) is { Success: true } match)
        {
            var dose = decimal.Parse(match.Groups["amount"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
            return new PrescriptionLine(variant.Drug, variant.Route, dose, match.Groups["unit"].Value.ToLowerInvariant(), dose * variant.UnitsPerDay);
        }
        return new PrescriptionLine(variant.Drug, variant.Route);
    }

    private static string Describe(PrescriptionLine line) =>
        line.Dose is null ? line.Drug : FormattableString.Invariant($"{line.Drug} {line.Dose:0.##} {line.Unit}") + (line.PerDay is { } perDay ? FormattableString.Invariant($", {perDay:0.##} {line.Unit}/j") : "");

    [GeneratedRegex(@"^\s*(?<amount>\d+(?:[.,]\d+)?)\s*(?<unit>mg|g|µg|mcg)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex StrengthPattern();
}
