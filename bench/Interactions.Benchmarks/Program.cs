using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using EdsPlatform;
using EdsPlatform.Benchmarks;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using EdsPlatform.DataAccess;
using EdsPlatform.Interactions;
using EdsPlatform.Interactions.Apis;
using EdsPlatform.Interactions.Engine;
using EdsPlatform.Interactions.Screening;
using EdsPlatform.Jobs;
using EdsPlatform.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// In-process: load time and memory of an edition, then analyses of 10-line prescriptions (the hospital's screen
// asks one per change): p50/p99 over many, alternating fixed and random prescriptions. With "gateway", the same
// 10-line prescription through the whole platform (token, gateway, service), closed loop. With "screening", a
// warehouse screening (the job's handler, in-process, on the read-only login) on Eunomia + N synthetic patients.
// Usage: dotnet run -c Release --project bench/Interactions.Benchmarks -- [analyses] [gateway [seconds] [connections] | screening [patients] [runs]]
var analyses = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var data = Path.Combine(AppContext.BaseDirectory, "InteractionsData");

var before = GC.GetTotalMemory(forceFullCollection: true);
var load = Stopwatch.StartNew();
var edition = ThesaurusFiles.Load(Path.Combine(data, "editions", "2019-09"));
var analyzer = new Analyzer(edition, DrugResolver.Load(edition, data));
load.Stop();
var memory = GC.GetTotalMemory(forceFullCollection: true) - before;
Console.WriteLine($"edition {edition.Name}: {edition.Entries.Count} entries, {edition.Substances.Count} substances, {edition.PairCount} pairs");
Console.WriteLine($"load and index: {load.Elapsed.TotalMilliseconds:0} ms, {memory / 1024.0 / 1024.0:0.0} MiB");

PrescriptionLine[] screen =
[
    new("aténolol", Dose: 50, PerDay: 50), new("amlodipine", Dose: 5, PerDay: 5), new("Kardégic", Dose: 75, PerDay: 75), new("furosémide", Dose: 20, PerDay: 20),
    new("diclofénac 1 % gel", Route: "cutanée"), new("lansoprazole", Dose: 30, PerDay: 30), new("warfarine"), new("amiodarone"), new("tramadol"), new("sertraline"),
];
var substances = edition.Substances.Keys.Order(StringComparer.Ordinal).ToArray();
var random = new Random(42);
PrescriptionLine[] RandomPrescription() => [.. Enumerable.Range(0, 10).Select(_ => new PrescriptionLine(substances[random.Next(substances.Length)]))];

for (var i = 0; i < 1_000; i++)
{
    analyzer.Analyse(i % 2 == 0 ? screen : RandomPrescription()); // warm-up
}
var fixedTimes = new List<double>();
var randomTimes = new List<double>();
var found = 0L;
for (var i = 0; i < analyses; i++)
{
    var prescription = i % 2 == 0 ? screen : RandomPrescription();
    var timer = Stopwatch.StartNew();
    found += analyzer.Analyse(prescription).Interactions.Count;
    (i % 2 == 0 ? fixedTimes : randomTimes).Add(timer.Elapsed.TotalMilliseconds);
}
Report("10-line screen prescription", fixedTimes);
Report("10 random substances", randomTimes);
Console.WriteLine($"({found} interactions found in all)");

if (args.Length > 1 && args[1] == "gateway")
{
    var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
    var connections = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 8;
    await using var app = await BenchmarkPlatform.StartAsync([], ResourceNames.Gateway, ResourceNames.Interactions, ResourceNames.Web);
    using var clinician = await BenchmarkSessions.SignInAsync(app, BenchmarkSessions.Researcher, connections);
    var body = new { lines = screen.Select(l => new { drug = l.Drug, route = l.Route, dose = l.Dose, perDay = l.PerDay }).ToArray() };
    var result = await LoadRun.ClosedLoopAsync(() => clinician.PostAsJsonAsync("/api/interactions/analyses", body), TimeSpan.FromSeconds(5), connections);
    result = await LoadRun.ClosedLoopAsync(() => clinician.PostAsJsonAsync("/api/interactions/analyses", body), TimeSpan.FromSeconds(seconds), connections);
    Console.WriteLine($"10-line screen prescription through the gateway, {connections} connections: {result}");
}

if (args.Length > 1 && args[1] == "screening")
{
    var patients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
    var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
    await using var app = await BenchmarkPlatform.StartAsync([$"Warehouse:SyntheticPatients={patients}"]);
    await app.ResourceNotifications.WaitForResourceAsync(ResourceNames.Warehouse, KnownResourceStates.Finished);
    var ownerConnection = (await app.GetConnectionStringAsync(ResourceNames.OmopDatabase))!;
    await using var reader = OmopReader.Create(ownerConnection, new DataAccessOptions { ReaderPassword = await app.SecretAsync("omop-reader-password") });
    var editions = new Editions(Options.Create(new InteractionsOptions()), NullLogger<Editions>.Instance);
    var handler = new ScreeningJobHandler(new DrugExposures(reader), new ConceptDrugs(reader), editions);
    var payload = JsonSerializer.Serialize(new ScreeningPayload(null, null, null, "APEC", editions.Current), JsonSerializerOptions.Web);
    for (var run = 1; run <= runs; run++)
    {
        var timer = Stopwatch.StartNew();
        var stages = new List<(float Progress, double Seconds)>();
        var screening = (RawScreening)await handler.RunAsync(new ClaimedJob(run, "bench", null, "screening", payload, "", 1),
            progress => stages.Add((progress, timer.Elapsed.TotalSeconds)), CancellationToken.None);
        var total = timer.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"screening {run}: {screening.Exposures:N0} exposures, {screening.DrugVariants} variants, {screening.Findings.Count} pairs found, ")
            + FormattableString.Invariant($"{screening.Findings.Sum(f => f.Persons.Length):N0} person-pairs; recorded drugs {stages[0].Seconds:0.00} s, plan {stages[1].Seconds - stages[0].Seconds:0.00} s, ")
            + FormattableString.Invariant($"co-exposures {total - stages[1].Seconds:0.00} s; total {total:0.00} s = {screening.Exposures / total:N0} exposures/s"));
    }
}

static void Report(string what, List<double> times)
{
    times.Sort();
    double At(double q) => times[(int)Math.Min(times.Count - 1, Math.Round(q * (times.Count - 1)))];
    Console.WriteLine($"{what}: {times.Count} analyses, p50 {At(0.5):0.000} ms, p99 {At(0.99):0.000} ms, max {times[^1]:0.000} ms, {times.Count / times.Sum() * 1000:0} analyses/s");
}
