using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace EdsPlatform.Jobs;

/// <summary>
/// A service's job table (<c>&lt;schema&gt;.jobs</c>): jobs are queued with a per-user cap and announced on the channel
/// named after the schema (LISTEN/NOTIFY, so that an idle worker starts at once), claimed with FOR UPDATE SKIP LOCKED,
/// kept alive by heartbeats, taken over when stale, cancelled on request.
/// </summary>
public sealed class JobQueue(NpgsqlDataSource owner, string schema)
{
    private readonly string _table = schema + ".jobs"; // an identifier from code, never from a request

    /// <summary>
    /// Queues a job whose payload is <paramref name="payload"/> in JSON (web defaults); its SHA-256 is the job's
    /// payload key. Null when <paramref name="user"/> already has <paramref name="maxActive"/> jobs waiting or running.
    /// </summary>
    public Task<int?> EnqueueAsync(string user, Guid? projectId, string kind, object payload, int maxActive, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)));
        return EnqueueAsync(user, projectId, kind, json, sha, maxActive, cancellationToken);
    }

    /// <summary>The answer to a submission past the per-user cap: 429, naming the jobs (e.g. "screenings").</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooManyJobs(int maxActive, string jobs) =>
        Microsoft.AspNetCore.Http.TypedResults.Problem(statusCode: Microsoft.AspNetCore.Http.StatusCodes.Status429TooManyRequests, title: "Too many jobs at once",
            detail: $"You already have {maxActive} {jobs} waiting or running. Wait for one to finish, or cancel one, then submit again.");

    /// <summary>Queues a job; null when <paramref name="user"/> already has <paramref name="maxActive"/> jobs waiting or running.</summary>
    public async Task<int?> EnqueueAsync(string user, Guid? projectId, string kind, string payload, string payloadSha256, int maxActive, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One submission per user at a time, so that two concurrent ones cannot both pass the cap.
        await using (var lockUser = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, transaction))
        {
            lockUser.Parameters.AddWithValue(user);
            await lockUser.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {_table} (owner, project_id, kind, payload, payload_sha256, status)
            SELECT $1, $2, $3, $4::jsonb, $5, 'Queued'
            WHERE (SELECT count(*) FROM {_table} WHERE owner = $1 AND status IN ('Queued', 'Running', 'Cancelling')) < $6
            RETURNING job_id
            """, connection, transaction);
        command.Parameters.AddWithValue(user);
        command.Parameters.Add(new NpgsqlParameter { Value = projectId is { } id ? id : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.AddWithValue(kind);
        command.Parameters.AddWithValue(payload);
        command.Parameters.AddWithValue(payloadSha256);
        command.Parameters.AddWithValue((long)maxActive);
        var created = (int?)await command.ExecuteScalarAsync(cancellationToken);
        if (created is not null)
        {
            // Delivered at commit, to every worker listening.
            await using var announce = new NpgsqlCommand($"NOTIFY {schema}", connection, transaction);
            await announce.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>A connection listening for queued jobs: <c>WaitAsync</c> on it returns when one is announced.</summary>
    public async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await owner.OpenConnectionAsync(cancellationToken);
        await using var listen = new NpgsqlCommand($"LISTEN {schema}", connection);
        await listen.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>The oldest queued job, or a running one whose worker went silent; null when there is none.</summary>
    public async Task<ClaimedJob?> ClaimAsync(string worker, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand($"""
            UPDATE {_table} SET status = 'Running', claimed_by = $1, heartbeat_at = now(), attempts = attempts + 1
            WHERE job_id = (
              SELECT job_id FROM {_table}
              WHERE status = 'Queued' OR (status = 'Running' AND heartbeat_at < now() - $2::interval)
              ORDER BY job_id FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING job_id, owner, project_id, kind, payload::text, payload_sha256, attempts
            """);
        command.Parameters.AddWithValue(worker);
        command.Parameters.AddWithValue(staleAfter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ClaimedJob(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetInt32(6))
            : null;
    }

    /// <summary>Cancellations whose worker went silent end as cancelled: nothing runs them any more.</summary>
    public async Task CancelOrphansAsync(TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand(
            $"UPDATE {_table} SET status = 'Cancelled', finished_at = now() WHERE status = 'Cancelling' AND heartbeat_at < now() - $1::interval");
        command.Parameters.AddWithValue(staleAfter);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records progress and liveness; answers whether a cancellation was asked for.</summary>
    public async Task<bool> HeartbeatAsync(int jobId, string worker, float progress, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand(
            $"UPDATE {_table} SET heartbeat_at = now(), progress = greatest(progress, $3) WHERE job_id = $1 AND claimed_by = $2 RETURNING status");
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(worker);
        command.Parameters.AddWithValue(progress);
        return await command.ExecuteScalarAsync(cancellationToken) is "Cancelling";
    }

    /// <param name="result">The handler's answer as JSON, for a succeeded job.</param>
    public async Task FinishAsync(int jobId, string worker, JobStatus status, string? result, string? error)
    {
        // Announced on "<schema>_done" at commit: requests waiting for this job answer at once.
        await using var command = owner.CreateCommand($"""
            WITH finished AS (
              UPDATE {_table} SET status = $3, progress = CASE WHEN $3 = 'Succeeded' THEN 1 ELSE progress END, result = $4::jsonb, error = $5, finished_at = now()
              WHERE job_id = $1 AND claimed_by = $2 RETURNING job_id)
            SELECT pg_notify('{schema}_done', job_id::text) FROM finished
            """);
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(worker);
        command.Parameters.AddWithValue(status.ToString());
        command.Parameters.Add(new NpgsqlParameter { Value = result is null ? DBNull.Value : result, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = error is null ? DBNull.Value : error, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The job once it is over, or as it is when <paramref name="patience"/> runs out: the request sleeps on the
    /// "&lt;schema&gt;_done" channel rather than polling (status read again after each announcement, and each second in
    /// case one was missed). Null when there is no such job.
    /// </summary>
    public async Task<Job?> WaitUntilOverAsync(int jobId, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        await using var listener = await owner.OpenConnectionAsync(cancellationToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {schema}_done", listener))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }
        while (true)
        {
            // Read after LISTEN: a job finishing between this read and the wait is still announced.
            var job = await GetAsync(jobId, cancellationToken);
            var left = deadline - DateTimeOffset.UtcNow;
            if (job is null || job.Status.IsOver() || left <= TimeSpan.Zero)
            {
                return job;
            }
            await listener.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>Puts a job its worker could not finish (the database went away) back in the queue, its attempts counted.</summary>
    public async Task RequeueAsync(int jobId, string worker)
    {
        await using var command = owner.CreateCommand($"UPDATE {_table} SET status = 'Queued', claimed_by = NULL WHERE job_id = $1 AND claimed_by = $2 AND status = 'Running'");
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(worker);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Queued jobs are cancelled at once; running ones are asked to stop. False when the job is not the user's or is over.</summary>
    public async Task<bool> RequestCancelAsync(int jobId, string user, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand($"""
            UPDATE {_table} SET status = CASE WHEN status = 'Queued' THEN 'Cancelled' ELSE 'Cancelling' END,
              finished_at = CASE WHEN status = 'Queued' THEN now() END
            WHERE job_id = $1 AND owner = $2 AND status IN ('Queued', 'Running')
            """);
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(user);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<string?> PayloadAsync(int jobId, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand($"SELECT payload::text FROM {_table} WHERE job_id = $1");
        command.Parameters.AddWithValue(jobId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// The job when it was submitted for the project <paramref name="projectId"/> (a route value; null otherwise): a
    /// project's team sees its project's jobs once the grant check has let the caller in.
    /// </summary>
    /// <summary>
    /// Asks a project's job to stop, as its owner: null when the project has no such job; otherwise the job as it now
    /// stands, and whether the request was taken (false: it was already over).
    /// </summary>
    public async Task<(Job Job, bool Cancelling)?> CancelForProjectAsync(int jobId, string projectId, CancellationToken cancellationToken)
    {
        if (await GetForProjectAsync(jobId, projectId, cancellationToken) is not { } job)
        {
            return null;
        }
        return await RequestCancelAsync(jobId, job.Owner, cancellationToken) ? ((await GetAsync(jobId, cancellationToken))!, true) : (job, false);
    }

    public async Task<Job?> GetForProjectAsync(int jobId, string projectId, CancellationToken cancellationToken) =>
        Guid.TryParse(projectId, out var project) && await GetAsync(jobId, cancellationToken) is { ProjectId: { } owner } job && owner == project ? job : null;

    public async Task<Job?> GetAsync(int jobId, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand($"""
            SELECT job_id, owner, project_id, kind, status, progress, result::text, error, payload_sha256, created_at, finished_at
            FROM {_table} WHERE job_id = $1
            """);
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new Job(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetString(3),
            Enum.Parse<JobStatus>(reader.GetString(4)), reader.GetFloat(5), reader.IsDBNull(6) ? null : JsonDocument.Parse(reader.GetString(6)).RootElement,
            reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9),
            reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10));
    }
}
