using System.Data;
using System.Security.Cryptography;
using System.Text;
using EdsPlatform.DataAccess;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace EdsPlatform.Governance.Infrastructure;

/// <summary>The result of walking the chain: the first broken link, if any, and what is wrong with it.</summary>
/// <summary>
/// The append-only audit log as a hash chain: each entry's hash is HMAC-SHA256(key, previous hash, its fields).
/// Altering an entry breaks its own hash; deleting one leaves a gap in the sequence; cutting the tail leaves
/// the head pointing past the end. Writers lock the head row, so the chain stays one line under concurrency.
/// </summary>
public sealed class AuditChain(NpgsqlDataSource database, IOptions<GovernanceOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.AuditKey
        ?? throw new InvalidOperationException("Governance:AuditKey is not configured."));

    /// <summary>Appends within the caller's transaction (the entry commits with the decision it records). Entries whose id is already logged are skipped.</summary>
    public async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        long seq;
        byte[] hash;
        await using (var head = new NpgsqlCommand("SELECT seq, hash FROM governance.audit_head WHERE id = 1 FOR UPDATE", connection, transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            seq = reader.GetInt64(0);
            hash = (byte[])reader[1];
        }

        var known = new HashSet<Guid>();
        await using (var existing = new NpgsqlCommand("SELECT entry_id FROM governance.audit_log WHERE entry_id = ANY($1)", connection, transaction))
        {
            existing.Parameters.AddWithValue(records.Select(r => r.Id).ToArray());
            await using var reader = await existing.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                known.Add(reader.GetGuid(0));
            }
        }
        var fresh = records.Where(r => known.Add(r.Id)).Select(Normalize).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        var seqs = new long[fresh.Count];
        var previous = new byte[fresh.Count][];
        var hashes = new byte[fresh.Count][];
        for (var i = 0; i < fresh.Count; i++)
        {
            seqs[i] = ++seq;
            previous[i] = hash;
            hash = hashes[i] = Hash(hash, seq, fresh[i]);
        }

        await using (var insert = new NpgsqlCommand("""
            INSERT INTO governance.audit_log (seq, entry_id, occurred_at, actor, action, project_id, resource, outcome, reason, source, correlation_id, prev_hash, hash)
            SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bytea[], $13::bytea[])
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue(seqs);
            insert.Parameters.AddWithValue(fresh.Select(r => r.Id).ToArray());
            insert.Parameters.AddWithValue(fresh.Select(r => r.At.UtcDateTime).ToArray());
            insert.Parameters.AddWithValue(fresh.Select(r => r.Actor).ToArray());
            insert.Parameters.AddWithValue(fresh.Select(r => r.Action).ToArray());
            insert.Parameters.Add(new NpgsqlParameter { Value = fresh.Select(r => ProjectGuid(r.ProjectId)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Parameters.AddWithValue(fresh.Select(r => r.Resource).ToArray());
            insert.Parameters.AddWithValue(fresh.Select(r => r.Outcome.ToString()).ToArray());
            insert.Parameters.Add(new NpgsqlParameter { Value = fresh.Select(r => r.Reason).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.AddWithValue(fresh.Select(r => r.Source).ToArray());
            insert.Parameters.Add(new NpgsqlParameter { Value = fresh.Select(r => r.CorrelationId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.AddWithValue(previous);
            insert.Parameters.AddWithValue(hashes);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var move = new NpgsqlCommand("UPDATE governance.audit_head SET seq = $1, hash = $2 WHERE id = 1", connection, transaction);
        move.Parameters.AddWithValue(seq);
        move.Parameters.AddWithValue(hash);
        await move.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Walks the whole chain in one consistent snapshot and names the first broken link.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        long headSeq;
        await using (var head = new NpgsqlCommand("SELECT seq FROM governance.audit_head WHERE id = 1", connection, transaction))
        {
            headSeq = (long)(await head.ExecuteScalarAsync(cancellationToken))!;
        }

        var expectedSeq = 1L;
        var previousHash = new byte[32];
        await using (var read = new NpgsqlCommand($"SELECT {Columns}, prev_hash, hash FROM governance.audit_log ORDER BY seq", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var entry = ReadEntry(reader);
                var storedPrevious = (byte[])reader[11];
                var storedHash = (byte[])reader[12];
                if (entry.Seq != expectedSeq)
                {
                    return Broken(expectedSeq, $"Entry {expectedSeq} is missing: the log jumps from {expectedSeq - 1} to {entry.Seq}.");
                }
                if (!storedPrevious.AsSpan().SequenceEqual(previousHash))
                {
                    return Broken(entry.Seq, $"Entry {entry.Seq} does not link to entry {entry.Seq - 1}.");
                }
                if (!storedHash.AsSpan().SequenceEqual(Hash(previousHash, entry.Seq, entry.Record)))
                {
                    return Broken(entry.Seq, $"Entry {entry.Seq} was altered after it was written.");
                }
                previousHash = storedHash;
                expectedSeq++;
            }
        }
        var entries = expectedSeq - 1;
        return headSeq == entries
            ? new AuditVerification(true, entries, null, null)
            : Broken(entries + 1, $"Entries {entries + 1} to {headSeq} are missing from the end of the log.");

        AuditVerification Broken(long seq, string problem) => new(false, expectedSeq - 1, seq, problem);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(Guid? projectId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM governance.audit_log
            WHERE ($1::uuid IS NULL OR project_id = $1) AND ($2::bigint IS NULL OR seq < $2)
            ORDER BY seq DESC LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)projectId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.AddWithValue(limit);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
        }
        return entries;
    }

    private const string Columns = "seq, entry_id, occurred_at, actor, action, project_id, resource, outcome, reason, source, correlation_id";

    private static AuditEntry ReadEntry(NpgsqlDataReader reader) => new(reader.GetInt64(0), new AuditRecord(
        reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetGuid(5).ToString(), reader.GetString(6), Enum.Parse<AuditOutcome>(reader.GetString(7)),
        reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10)));

    private byte[] Hash(byte[] previous, long seq, AuditRecord record)
    {
        var fields = string.Join('\u001f', seq, record.Id, (record.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10,
            record.Actor, record.Action, ProjectGuid(record.ProjectId)?.ToString() ?? "", record.Resource, record.Outcome,
            record.Reason ?? "", record.Source, record.CorrelationId ?? "");
        return HMACSHA256.HashData(_key, (byte[])[.. previous, .. Encoding.UTF8.GetBytes(fields)]);
    }

    /// <summary>PostgreSQL keeps microseconds and a project id only if it is a uuid: hash exactly what is stored.</summary>
    private static AuditRecord Normalize(AuditRecord record) => record with
    {
        At = new DateTimeOffset(record.At.UtcTicks - record.At.UtcTicks % 10, TimeSpan.Zero),
        ProjectId = ProjectGuid(record.ProjectId)?.ToString(),
    };

    private static Guid? ProjectGuid(string? projectId) => Guid.TryParse(projectId, out var id) ? id : null;
}
