using EdsPlatform.DataAccess;
using Npgsql;

namespace EdsPlatform.Governance.Infrastructure;

/// <summary>
/// Records from the doors (every data access), committed to the chain in groups: one transaction and one
/// head lock for all the records that arrived while the previous group was committing. Each caller is
/// answered only after its group commits, so an access is never served without its entry, and a crash
/// loses only records nobody was told were kept.
/// </summary>
public sealed class AuditWriter : BackgroundService
{
    private readonly GroupCommit<AuditRecord> _records;

    public AuditWriter(NpgsqlDataSource database, AuditChain chain, ILogger<AuditWriter> logger) =>
        _records = new GroupCommit<AuditRecord>(async (records, cancellationToken) =>
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await chain.AppendAsync(connection, transaction, records, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "Could not commit {Count} audit records", records.Count);
                throw;
            }
        });

    public Task WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) => _records.WriteAsync(records, cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _records.RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _records.Stop();
        await base.StopAsync(cancellationToken);
    }
}
