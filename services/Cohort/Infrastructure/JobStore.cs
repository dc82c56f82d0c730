using System.Text.Json;
using EdsPlatform.Cohort.Application;
using Npgsql;

namespace EdsPlatform.Cohort.Infrastructure;

public enum JobMode { Count, Create }

public enum JobStatus { Queued, Running, Cancelling, Succeeded, Failed, Cancelled }

/// <param name="ProjectId">The project the job was created for, if any: only that project's team may list its members.</param>
public sealed record Job(int Id, string Owner, JobMode Mode, JobStatus Status, float Progress, RawCohortResult? Result, bool FromCache, long? Members,
    string? Error, string DefinitionSha256, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, Guid? ProjectId);

public sealed record ClaimedJob(int Id, JobMode Mode, string Definition, string DefinitionSha256, int Attempts);

/// <summary>The job table: jobs are claimed with FOR UPDATE SKIP LOCKED, kept alive by heartbeats, taken over when stale.</summary>
public sealed class JobStore(NpgsqlDataSource owner)
{
    /// <summary>Queues a job; null when the user already has <paramref name="maxActive"/> jobs queued or running.</summary>
    public async Task<int?> CreateAsync(string user, Guid? projectId, JobMode mode, string definition, string sha256, int maxActive, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One submission per user at a time, so that two concurrent ones cannot both pass the limit.
        await using (var lockUser = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, transaction))
        {
            lockUser.Parameters.AddWithValue(user);
            await lockUser.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO cohorts.jobs (owner, project_id, mode, definition, definition_sha256, status)
            SELECT $1, $2, $3, $4::jsonb, $5, 'Queued'
            WHERE (SELECT count(*) FROM cohorts.jobs WHERE owner = $1 AND status IN ('Queued', 'Running', 'Cancelling')) < $6
            RETURNING job_id
            """, connection, transaction);
        command.Parameters.AddWithValue(user);
        command.Parameters.Add(new NpgsqlParameter { Value = projectId is { } id ? id : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.AddWithValue(mode.ToString());
        command.Parameters.AddWithValue(definition);
        command.Parameters.AddWithValue(sha256);
        command.Parameters.AddWithValue((long)maxActive);
        var created = (int?)await command.ExecuteScalarAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>The oldest queued job, or a running one whose worker went silent; null when there is none.</summary>
    public async Task<ClaimedJob?> ClaimAsync(string worker, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand("""
            UPDATE cohorts.jobs SET status = 'Running', claimed_by = $1, heartbeat_at = now(), attempts = attempts + 1
            WHERE job_id = (
              SELECT job_id FROM cohorts.jobs
              WHERE status = 'Queued' OR (status = 'Running' AND heartbeat_at < now() - $2::interval)
              ORDER BY job_id FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING job_id, mode, definition::text, definition_sha256, attempts
            """);
        command.Parameters.AddWithValue(worker);
        command.Parameters.AddWithValue(staleAfter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ClaimedJob(reader.GetInt32(0), Enum.Parse<JobMode>(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetInt32(4))
            : null;
    }

    /// <summary>Cancellations whose worker went silent end as cancelled: nothing runs them any more.</summary>
    public async Task CancelOrphansAsync(TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand(
            "UPDATE cohorts.jobs SET status = 'Cancelled', finished_at = now() WHERE status = 'Cancelling' AND heartbeat_at < now() - $1::interval");
        command.Parameters.AddWithValue(staleAfter);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records progress and liveness; answers whether a cancellation was asked for.</summary>
    public async Task<bool> HeartbeatAsync(int jobId, string worker, float progress, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand(
            "UPDATE cohorts.jobs SET heartbeat_at = now(), progress = greatest(progress, $3) WHERE job_id = $1 AND claimed_by = $2 RETURNING status");
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(worker);
        command.Parameters.AddWithValue(progress);
        return await command.ExecuteScalarAsync(cancellationToken) is "Cancelling";
    }

    public Task FinishAsync(int jobId, string worker, JobStatus status, RawCohortResult? result, long? members, string? error, bool fromCache = false) =>
        ExecuteAsync("""
            UPDATE cohorts.jobs SET status = $3, progress = CASE WHEN $3 = 'Succeeded' THEN 1 ELSE progress END,
              result = jsonb_build_object('result', $4::jsonb, 'members', $5::bigint, 'fromCache', $7::boolean), error = $6, finished_at = now()
            WHERE job_id = $1 AND claimed_by = $2
            """, jobId, worker, status.ToString(), result is null ? DBNull.Value : JsonSerializer.Serialize(result),
            members is null ? DBNull.Value : members.Value, error is null ? DBNull.Value : error, fromCache);

    /// <summary>Queued jobs are cancelled at once; running ones are asked to stop. False when the job is not the caller's or is over.</summary>
    public async Task<bool> RequestCancelAsync(int jobId, string user, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand("""
            UPDATE cohorts.jobs SET status = CASE WHEN status = 'Queued' THEN 'Cancelled' ELSE 'Cancelling' END,
              finished_at = CASE WHEN status = 'Queued' THEN now() END
            WHERE job_id = $1 AND owner = $2 AND status IN ('Queued', 'Running')
            """);
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(user);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<string?> DefinitionAsync(int jobId, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand("SELECT definition::text FROM cohorts.jobs WHERE job_id = $1");
        command.Parameters.AddWithValue(jobId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<Job?> GetAsync(int jobId, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand("""
            SELECT job_id, owner, mode, status, progress, result->>'result', (result->>'members')::bigint, error, definition_sha256, created_at, finished_at,
              coalesce((result->>'fromCache')::boolean, false), project_id
            FROM cohorts.jobs WHERE job_id = $1
            """);
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var result = reader.IsDBNull(5) ? null : JsonSerializer.Deserialize<RawCohortResult>(reader.GetString(5));
        return new Job(reader.GetInt32(0), reader.GetString(1), Enum.Parse<JobMode>(reader.GetString(2)), Enum.Parse<JobStatus>(reader.GetString(3)),
            reader.GetFloat(4), result, reader.GetBoolean(11), reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
            reader.IsDBNull(12) ? null : reader.GetGuid(12));
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = owner.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync();
    }
}
