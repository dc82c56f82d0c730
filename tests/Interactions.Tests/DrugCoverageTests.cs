using EdsPlatform.Interactions.Engine;
using Xunit.Abstractions;

namespace EdsPlatform.Interactions.Tests;

/// <summary>How much of what French prescribers write the resolver reads: the 300 most dispensed substances, by ATC code and by name.</summary>
public sealed class DrugCoverageTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<(string Atc, string Name)> Top300 = [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "top300_substances.tsv"))
        .Where(line => line.Length > 0 && !line.StartsWith('#')).Skip(1)
        .Select(line => line.Split('\t')).Select(fields => (fields[0], fields[1]))];

    [Fact]
    public void Every_top_300_substance_is_read_by_its_ATC_code_and_by_its_name()
    {
        Assert.Equal(300, Top300.Count);
        var byCode = Top300.Select(d => (d, Resolved: Engine.Analyzer.Resolver.Resolve(d.Atc))).ToList();
        var byName = Top300.Select(d => (d, Resolved: Engine.Analyzer.Resolver.Resolve(d.Name))).ToList();

        Assert.Empty(byCode.Where(r => r.Resolved.Status == Resolution.Unrecognised).Select(r => r.d.Atc));
        Assert.Empty(byName.Where(r => r.Resolved.Status == Resolution.Unrecognised).Select(r => r.d.Name));
        // The code and the name lead to the same substance.
        Assert.Empty(Top300.Where((_, i) => !byCode[i].Resolved.Substances.SequenceEqual(byName[i].Resolved.Substances)).Select(d => d.Name));
        var inThesaurus = byName.Count(r => r.Resolved.Status == Resolution.Resolved);
        output.WriteLine($"top 300: {inThesaurus} in the thesaurus, {300 - inThesaurus} known but named by no entry");
        Assert.True(inThesaurus >= 240);
    }
}
