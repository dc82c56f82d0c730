using System.Diagnostics;

namespace EdsPlatform.Benchmarks;

/// <summary>Requests/s and latency percentiles of a run.</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50, double P99, int Failures)
{
    /// <summary>The mean of repeated runs of the same phase.</summary>
    public static LoadResult Mean(IReadOnlyList<LoadResult> runs) =>
        new(runs.Average(r => r.RequestsPerSecond), runs.Average(r => r.P50), runs.Average(r => r.P99), runs.Sum(r => r.Failures));

    public override string ToString() => $"{RequestsPerSecond:N0} requests/s, p50 {P50:F2} ms, p99 {P99:F2} ms, {Failures} failures";
}

public static class LoadRun
{
    /// <summary>Closed loop: <paramref name="connections"/> workers each send the next request when the previous one has answered.</summary>
    public static Task<LoadResult> HttpGetAsync(HttpClient http, Uri target, TimeSpan duration, int connections) =>
        ClosedLoopAsync(() => http.GetAsync(target, HttpCompletionOption.ResponseContentRead), duration, connections);

    /// <summary>Closed loop over any request (a POST with its body, say).</summary>
    public static async Task<LoadResult> ClosedLoopAsync(Func<Task<HttpResponseMessage>> send, TimeSpan duration, int connections)
    {
        var latencies = new List<double>[connections];
        var failures = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await send();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length / stopwatch.Elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), failures);
    }

    /// <summary>
    /// Two targets under the same load, warmed up, then in alternating rounds (means), so that JIT, pools and
    /// background work (autovacuum after a load) weigh on both alike.
    /// </summary>
    public static async Task<(LoadResult First, LoadResult Second)> CompareAsync(HttpClient http, Uri first, Uri second, TimeSpan phase, int connections, int rounds = 3)
    {
        await HttpGetAsync(http, first, TimeSpan.FromSeconds(5), connections);
        await HttpGetAsync(http, second, TimeSpan.FromSeconds(5), connections);
        var firstRuns = new List<LoadResult>();
        var secondRuns = new List<LoadResult>();
        for (var round = 0; round < rounds; round++)
        {
            firstRuns.Add(await HttpGetAsync(http, first, phase, connections));
            secondRuns.Add(await HttpGetAsync(http, second, phase, connections));
        }
        return (LoadResult.Mean(firstRuns), LoadResult.Mean(secondRuns));
    }

    /// <summary>One operation after another, <paramref name="iterations"/> times: latency of each.</summary>
    public static async Task<LoadResult> SequentialAsync(int iterations, Func<Task> operation)
    {
        var latencies = new double[iterations];
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(latencies);
        return new LoadResult(iterations / stopwatch.Elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), 0);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
}
