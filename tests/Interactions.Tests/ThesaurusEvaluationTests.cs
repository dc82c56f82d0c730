using System.IO.Compression;
using EdsPlatform.Interactions.Engine;
using Xunit.Abstractions;

namespace EdsPlatform.Interactions.Tests;

/// <summary>
/// The engine against the thesaurus's own expansion to substance pairs (Cossin's extraction, 2019-09): the pairs it
/// finds (precision, recall), and, for random prescriptions (no dose, no route given), exactly the reference's pairs
/// with the same lowest level. With a dose or a route the engine must differ, and does: an aspirin entry at a dose its
/// levels exclude, or an entry restricted to another route, is reported as not applicable (see PrescriptionTests).
/// </summary>
public class ThesaurusEvaluationTests(ITestOutputHelper output)
{
    private static readonly Lazy<Dictionary<(string, string), int>> Reference = new(() =>
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "thesaurus092019_pairs.tsv.gz"));
        using var reader = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        var pairs = new Dictionary<(string, string), int>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            var key = Key(ThesaurusFiles.WithoutRoute(Names.Normalize(f[0])), ThesaurusFiles.WithoutRoute(Names.Normalize(f[1])));
            var level = int.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture);
            pairs[key] = pairs.TryGetValue(key, out var known) ? Math.Min(known, level) : level;
        }
        return pairs;
    });

    [Fact]
    public void The_engine_finds_every_pair_of_the_expanded_thesaurus_and_no_other()
    {
        var engine = Engine.Analyzer.Edition.SubstancePairs.Select(p => Key(p.Item1, p.Item2)).ToHashSet();
        var reference = Reference.Value.Keys.ToHashSet();

        var found = engine.Count(reference.Contains);
        var precision = (double)found / engine.Count;
        var recall = (double)found / reference.Count;
        output.WriteLine($"reference pairs {reference.Count}, engine pairs {engine.Count}, precision {precision:P2}, recall {recall:P2}");
        output.WriteLine("missed: " + string.Join("; ", reference.Except(engine).Take(15)));
        output.WriteLine("extra: " + string.Join("; ", engine.Except(reference).Take(15)));
        Assert.True(recall >= 0.99, $"recall {recall:P2}");
        Assert.True(precision >= 0.99, $"precision {precision:P2}");
    }

    [Fact]
    public void Random_prescriptions_get_exactly_the_reference_pairs()
    {
        var substances = Reference.Value.Keys.SelectMany(k => new[] { k.Item1, k.Item2 }).Distinct().Order(StringComparer.Ordinal).ToArray();
        var random = new Random(2019);
        var wrong = new List<string>();
        for (var prescription = 0; prescription < 500; prescription++)
        {
            var drugs = Enumerable.Range(0, random.Next(2, 9)).Select(_ => substances[random.Next(substances.Length)]).Distinct().ToArray();
            var result = Engine.Analyse([.. drugs.Select(d => new PrescriptionLine(d))]);
            var reported = result.Interactions.Select(i => Key(i.Substances[0], i.Substances[1])).ToHashSet();
            var expected = drugs.SelectMany((a, i) => drugs.Skip(i + 1).Select(b => Key(a, b))).Where(Reference.Value.ContainsKey).ToHashSet();
            if (!reported.SetEquals(expected))
            {
                wrong.Add($"[{string.Join(", ", drugs)}]: missing {string.Join(", ", expected.Except(reported))}; extra {string.Join(", ", reported.Except(expected))}");
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of 500 prescriptions differ:\n" + string.Join("\n", wrong.Take(10)));
    }

    [Fact]
    public void Each_pairs_lowest_level_is_the_references()
    {
        var agree = 0;
        var total = 0;
        foreach (var ((a, b), expected) in Reference.Value)
        {
            var entries = Engine.Analyzer.Edition.EntriesFor(a, b);
            if (entries.Count == 0)
            {
                continue;
            }
            total++;
            var lowest = (int)entries.Min(e => e.Entry.Lowest);
            agree += lowest == expected ? 1 : 0;
        }
        output.WriteLine($"lowest level agrees on {agree} of {total} pairs ({(double)agree / total:P2})");
        Assert.Equal(total, agree);
    }

    private static (string, string) Key(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
