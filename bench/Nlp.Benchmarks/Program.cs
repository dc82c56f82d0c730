using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdsPlatform.Nlp.Pipeline;
using EdsPlatform.Nlp.Pipeline.Pseudonymization;

// In-process, one thread (figures are per core): load time and memory of the lexicons, then the full pipeline and
// the pseudonymisation over the evaluation documents (1-3 KB hospital and imaging reports), documents/s and latency
// percentiles; and, side by side on the same documents, the naive way: one regular expression per lexicon term.
// Usage: dotnet run -c Release --project bench/Nlp.Benchmarks -- [seconds] [documents folder]
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var folder = args.Length > 1 ? args[1] : Path.Combine(FindRepository(), "tests", "Nlp.Tests", "Evaluation", "documents");

var before = GC.GetTotalMemory(forceFullCollection: true);
var load = Stopwatch.StartNew();
var pipeline = ClinicalPipeline.LoadDefault();
load.Stop();
var memory = GC.GetTotalMemory(forceFullCollection: true) - before;
Console.WriteLine($"lexicon: {pipeline.Lexicon.Count:N0} terms; load {load.Elapsed.TotalMilliseconds:0} ms, {memory / 1024.0 / 1024.0:0.0} MiB");

var documents = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)
    .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
    .Select(d => (Text: d.GetProperty("text").GetString()!, Note: DateOnly.Parse(d.GetProperty("noteDate").GetString()!, CultureInfo.InvariantCulture), Type: d.GetProperty("documentType").GetString()))
    .ToList();
Console.WriteLine($"{documents.Count} documents, {documents.Average(d => d.Text.Length):0} characters on average");

Measure("full pipeline (analyze)", d => pipeline.Analyze(d.Text, d.Note, pipeline.Templates.Templates.ContainsKey(d.Type!) ? d.Type : null).Entities.Count);
Measure("pseudonymisation (surrogates)", d => pipeline.Pseudonymize(d.Text, d.Note, PseudonymizationMode.Surrogates).Entities.Count);

// The naive baseline: every lexicon term as its own case-insensitive regular expression, run over each document.
var terms = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "NlpData", "lexicons", "diagnoses.tsv")).Skip(1)
    .Concat(File.ReadLines(Path.Combine(AppContext.BaseDirectory, "NlpData", "lexicons", "drugs.tsv")).Skip(1))
    .Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t')[0]).Distinct().ToList();
var regexes = terms.Select(t => new Regex($@"\b{Regex.Escape(t)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToList();
Measure($"naive: {regexes.Count:N0} regexes, one per term (terms only, no qualifiers)", d => regexes.Sum(r => r.Matches(d.Text).Count), maxSeconds: Math.Min(seconds, 10));

void Measure(string name, Func<(string Text, DateOnly Note, string? Type), int> run, double? maxSeconds = null)
{
    foreach (var document in documents)
    {
        run(document); // warm-up
    }
    var times = new List<double>();
    var clock = Stopwatch.StartNew();
    var found = 0L;
    var characters = 0L;
    while (clock.Elapsed.TotalSeconds < (maxSeconds ?? seconds))
    {
        foreach (var document in documents)
        {
            var timer = Stopwatch.StartNew();
            found += run(document);
            times.Add(timer.Elapsed.TotalMilliseconds);
            characters += document.Text.Length;
        }
    }
    times.Sort();
    var perSecond = times.Count / clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{name}: {perSecond:N0} documents/s on one core ({characters / clock.Elapsed.TotalSeconds / 1e6:0.00} M characters/s), "
        + $"p50 {times[times.Count / 2]:0.000} ms, p99 {times[(int)(times.Count * 0.99)]:0.000} ms ({found:N0} spans)");
}

static string FindRepository()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EdsPlatform.sln")))
    {
        directory = directory.Parent;
    }
    return directory?.FullName ?? throw new DirectoryNotFoundException("Run from inside the repository, or give the documents folder.");
}
