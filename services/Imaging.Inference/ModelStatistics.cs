using System.Collections.Concurrent;
using EdsPlatform.Imaging.Contracts;

namespace EdsPlatform.Imaging.Inference;

/// <summary>Thread-safe accumulators behind <see cref="ModelStats"/>.</summary>
internal sealed class ModelStatistics
{
    private long _successCount, _successNs, _failCount, _failNs, _queueCount, _queueNs, _computeCount, _computeNs, _inferences, _executions, _last;
    private readonly ConcurrentDictionary<int, (long Count, long Ns)> _batches = new();

    public void Succeeded(long totalNs) => Add(ref _successCount, ref _successNs, totalNs);

    public void Failed(long totalNs) => Add(ref _failCount, ref _failNs, totalNs);

    public void Queued(long ns) => Add(ref _queueCount, ref _queueNs, ns);

    public void Executed(int batchSize, long computeNs)
    {
        Add(ref _computeCount, ref _computeNs, computeNs);
        Interlocked.Add(ref _inferences, batchSize);
        Interlocked.Increment(ref _executions);
        Interlocked.Exchange(ref _last, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _batches.AddOrUpdate(batchSize, (1, computeNs), (_, old) => (old.Count + 1, old.Ns + computeNs));
    }

    public ModelStats Snapshot(string name, long version, string provider) => new(
        name, version.ToString(System.Globalization.CultureInfo.InvariantCulture), provider, Interlocked.Read(ref _last),
        Interlocked.Read(ref _inferences), Interlocked.Read(ref _executions),
        new InferenceStats(new(_successCount, _successNs), new(_failCount, _failNs), new(_queueCount, _queueNs), new(_computeCount, _computeNs)),
        [.. _batches.OrderBy(b => b.Key).Select(b => new BatchStats(b.Key, new StatDuration(b.Value.Count, b.Value.Ns)))]);

    private static void Add(ref long count, ref long ns, long value)
    {
        Interlocked.Increment(ref count);
        Interlocked.Add(ref ns, value);
    }
}
