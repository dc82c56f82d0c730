using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using EdsPlatform;
using EdsPlatform.Benchmarks;

// Soak: mixed load through the gateway for a long time (30 minutes by default), with the resident memory (RSS)
// of every platform process sampled each minute, to tell a leak (RSS that keeps rising) from warm-up (RSS that
// levels off). Usage: [minutes] [target requests/s]
var minutes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var target = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;

await using var app = await BenchmarkPlatform.StartAsync(["Warehouse:SyntheticPatients=1000"],
    ResourceNames.Gateway, ResourceNames.Catalog, ResourceNames.Cohort, ResourceNames.Governance, ResourceNames.Interactions, ResourceNames.Web);
var gateway = app.GetEndpoint(ResourceNames.Gateway, "http");
using var researcher = await BenchmarkSessions.SignInAsync(app, BenchmarkSessions.Researcher);
var projectId = await BenchmarkSessions.ApprovedProjectAsync(app, researcher, ["condition_occurrence", "person"]);

// The mix a working day sends: metadata, a data route (grant check, audit, pseudonyms), vocabulary search,
// a project page, an interaction analysis.
Func<HttpClient, Task<HttpResponseMessage>>[] mix =
[
    http => http.GetAsync("/api/catalog/tables"),
    http => http.GetAsync($"/api/catalog/projects/{projectId}/tables/condition_occurrence/rows?limit=10"),
    http => http.GetAsync("/api/cohort/concepts?q=covid"),
    http => http.GetAsync($"/api/governance/projects/{projectId}"),
    http => http.PostAsJsonAsync("/api/interactions/analyses", new { lines = new[] { new { drug = "aspirine" }, new { drug = "furosémide" }, new { drug = "diclofénac" } } }),
];
Console.WriteLine($"soak: {minutes} min at up to {target} requests/s through {gateway}");
Console.WriteLine("minute | requests | failures | p50 ms | p99 ms | " + string.Join(" | ", ProcessMemory.Services.Select(s => s + " MiB")));
Console.WriteLine("0 | - | - | - | - | " + string.Join(" | ", ProcessMemory.Sample().Select(m => m?.ToString("0", CultureInfo.InvariantCulture) ?? "?")));
var interval = TimeSpan.FromSeconds(1.0 / target);
for (var minute = 1; minute <= minutes; minute++)
{
    var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    var failures = 0;
    var clock = Stopwatch.StartNew();
    var inFlight = new List<Task>();
    var sent = 0;
    // Open loop at the target rate: a slow platform gets more requests in flight, not fewer requests.
    while (clock.Elapsed < TimeSpan.FromMinutes(1))
    {
        var request = mix[sent % mix.Length];
        inFlight.Add(Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await request(researcher);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        }));
        sent++;
        var due = interval * sent - clock.Elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due);
        }
        inFlight.RemoveAll(t => t.IsCompleted);
    }
    await Task.WhenAll(inFlight);
    var sorted = latencies.Order().ToArray();
    Console.WriteLine($"{minute} | {sorted.Length} | {failures} | {LoadRun.Percentile(sorted, 0.5):0.0} | {LoadRun.Percentile(sorted, 0.99):0.0} | "
        + string.Join(" | ", ProcessMemory.Sample().Select(m => m?.ToString("0", CultureInfo.InvariantCulture) ?? "?")));
}
