using System.Threading.Channels;
using EdsPlatform.Governance.Client;
using Npgsql;

namespace EdsPlatform.Governance.Infrastructure;

/// <summary>
/// Records from the doors (every data access), committed in groups: one transaction and one head lock for
/// all the records that arrived while the previous group was committing. Each caller is answered only after
/// its group commits, so an access is never served without its entry, and a crash loses only unanswered ones.
/// </summary>
public sealed class AuditWriter(NpgsqlDataSource database, AuditChain chain, ILogger<AuditWriter> logger) : BackgroundService
{
    private const int MaxGroup = 1_000;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public Task WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        var pending = new Pending(records, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The audit writer has stopped.");
        }
        return pending.Committed.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            group.Clear();
            var count = 0;
            while (count < MaxGroup && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
                count += pending.Records.Count;
            }
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
                await chain.AppendAsync(connection, transaction, [.. group.SelectMany(p => p.Records)], stoppingToken);
                await transaction.CommitAsync(stoppingToken);
                group.ForEach(p => p.Committed.TrySetResult());
            }
            catch (Exception failure)
            {
                if (failure is not OperationCanceledException)
                {
                    logger.LogError(failure, "Could not commit {Count} audit records", count);
                }
                group.ForEach(p => p.Committed.TrySetException(failure));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        // Whatever was not committed is refused, not left waiting: its callers serve nothing.
        while (_queue.Reader.TryRead(out var pending))
        {
            pending.Committed.TrySetException(new InvalidOperationException("The audit writer stopped before this record was committed."));
        }
    }

    private sealed record Pending(IReadOnlyList<AuditRecord> Records, TaskCompletionSource Committed);
}
