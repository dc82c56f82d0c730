using System.Threading.Channels;

namespace EdsPlatform.DataAccess;

/// <summary>
/// Group commit: callers queue their items and wait; one loop commits everything that queued up while the
/// previous group was committing, then answers each caller. Under load, one round trip serves many callers;
/// alone, a caller waits for nothing but its own commit. A caller is answered only once its items are committed.
/// </summary>
public sealed class GroupCommit<T>(Func<IReadOnlyList<T>, CancellationToken, Task> commit, int maxGroup = 1_000)
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public Task WriteAsync(IReadOnlyList<T> items, CancellationToken cancellationToken)
    {
        var pending = new Pending(items, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The writer has stopped.");
        }
        return pending.Committed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The commit loop; run it once, for the lifetime of the queue.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            group.Clear();
            var count = 0;
            while (count < maxGroup && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
                count += pending.Items.Count;
            }
            try
            {
                await commit([.. group.SelectMany(p => p.Items)], stoppingToken);
                group.ForEach(p => p.Committed.TrySetResult());
            }
            catch (Exception failure)
            {
                group.ForEach(p => p.Committed.TrySetException(failure));
            }
        }
    }

    /// <summary>Refuses new items and fails those not committed: their callers serve nothing.</summary>
    public void Stop()
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var pending))
        {
            pending.Committed.TrySetException(new InvalidOperationException("Stopped before this was committed."));
        }
    }

    private sealed record Pending(IReadOnlyList<T> Items, TaskCompletionSource Committed);
}

/// <summary>The door's side of the audit log: its records travel to governance in groups, each caller waiting for its own.</summary>
public sealed class AuditSink(GovernanceApiClient governance) : Microsoft.Extensions.Hosting.BackgroundService
{
    private readonly GroupCommit<AuditRecord> _records = new(governance.RecordAsync, maxGroup: 1_000);

    public Task WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) => _records.WriteAsync(records, cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _records.RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _records.Stop();
        await base.StopAsync(cancellationToken);
    }
}
