using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using EdsPlatform;
using EdsPlatform.Benchmarks;
using EdsPlatform.DataAccess;
using EdsPlatform.Jobs;
using EdsPlatform.Nlp;
using EdsPlatform.Nlp.Contracts;
using EdsPlatform.Nlp.Extraction;
using EdsPlatform.Nlp.Pipeline;
using EdsPlatform.Nlp.Pipeline.Pseudonymization;
using EdsPlatform.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

// In-process, one thread (figures are per core): load time and memory of the lexicons, then the full pipeline and
// the pseudonymisation over the evaluation documents (1-3 KB hospital and imaging reports), documents/s and latency
// percentiles; and, side by side on the same documents, the naive way: one regular expression per lexicon term.
// With "gateway": one 2 KB report analysed through the whole platform (token, gateway, service), closed loop, p50/p99.
// With "extraction": the NOTE_NLP extraction job's handler, in-process, over the notes of Eunomia + N synthetic patients.
// Usage: dotnet run -c Release --project bench/Nlp.Benchmarks -- [seconds] [documents folder | gateway [connections] | extraction [patients]]
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var mode = args.Length > 1 ? args[1] : null;
var folder = mode is not (null or "gateway" or "extraction") ? mode : Path.Combine(FindRepository(), "tests", "Nlp.Tests", "Evaluation", "documents");

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

if (mode == "gateway")
{
    var connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
    var report = documents.Select(d => d.Text).Where(t => t.Length is > 1_500 and < 2_500).First();
    await using var app = await BenchmarkPlatform.StartAsync([], ResourceNames.Gateway, ResourceNames.Nlp, ResourceNames.Web);
    using var researcher = await BenchmarkSessions.SignInAsync(app, BenchmarkSessions.Researcher, connections);
    var body = new { text = report, noteDate = "2024-03-12" };
    await LoadRun.ClosedLoopAsync(() => researcher.PostAsJsonAsync("/api/nlp/analyze", body), TimeSpan.FromSeconds(5), connections);
    foreach (var clients in new[] { 1, connections })
    {
        var result = await LoadRun.ClosedLoopAsync(() => researcher.PostAsJsonAsync("/api/nlp/analyze", body), TimeSpan.FromSeconds(seconds), clients);
        Console.WriteLine($"analyze, one {report.Length:N0}-character report through the gateway, {clients} connection(s): {result}");
    }
}

if (mode == "extraction")
{
    var patients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40_000;
    await using var app = await BenchmarkPlatform.StartAsync([$"Warehouse:SyntheticPatients={patients}"], ResourceNames.Nlp);
    var ownerConnection = (await app.GetConnectionStringAsync(ResourceNames.OmopDatabase))!;
    await using var owner = NpgsqlDataSource.Create(ownerConnection);
    await using var reader = OmopReader.Create(ownerConnection, new DataAccessOptions { ReaderPassword = await app.SecretAsync("omop-reader-password") });
    var handler = new NoteExtractionJobHandler(reader, owner, pipeline, Options.Create(new NlpOptions()));
    for (var run = 1; run <= 2; run++)
    {
        var timer = Stopwatch.StartNew();
        // A job id of its own each run: its checkpoint starts empty (the platform's own jobs count from 1).
        var result = (ExtractionResult)await handler.RunAsync(new ClaimedJob(1_000_000 + run, "bench", null, "extraction", "{}", "", 1), _ => { }, CancellationToken.None);
        var elapsed = timer.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"extraction {run}: {result.Notes:N0} notes, {result.Rows:N0} NOTE_NLP rows in {elapsed:0.0} s = {result.Notes / elapsed:N0} notes/s, {result.Rows / elapsed:N0} rows/s ({Environment.ProcessorCount} cores)"));
    }
}

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
