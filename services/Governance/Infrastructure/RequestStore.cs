using System.Security.Cryptography;
using EdsPlatform.DataAccess;
using EdsPlatform.Governance.Domain;
using Npgsql;

namespace EdsPlatform.Governance.Infrastructure;

/// <summary>Another command appended to the same stream first; reload and decide again.</summary>
public sealed class StreamConflictException() : Exception("The access request changed meanwhile.");

/// <summary>The event streams in governancedb, with the projects read model and the audit entries written in the same transaction.</summary>
public sealed class RequestStore(NpgsqlDataSource database, AuditChain audit)
{
    public async Task<(AccessRequest Request, IReadOnlyList<AccessRequestEvent> Events)?> LoadAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT event_type, payload::text FROM governance.request_events WHERE project_id = $1 ORDER BY version");
        command.Parameters.AddWithValue(projectId);
        var events = new List<AccessRequestEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(EventSerializer.Deserialize(reader.GetString(0), reader.GetString(1)));
        }
        return events.Count == 0 ? null : (AccessRequest.Replay(events), events);
    }

    /// <summary>
    /// Appends <paramref name="events"/> after version <paramref name="expectedVersion"/> (0 for a new stream),
    /// updates the read model and records <paramref name="auditRecords"/>, all or nothing.
    /// Throws <see cref="StreamConflictException"/> when another writer got there first.
    /// </summary>
    public async Task<AccessRequest> AppendAsync(Guid projectId, int expectedVersion, IReadOnlyList<AccessRequestEvent> history,
        IReadOnlyList<AccessRequestEvent> events, IReadOnlyList<AuditRecord> auditRecords, CancellationToken cancellationToken)
    {
        var request = AccessRequest.Replay(history.Concat(events));
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var version = expectedVersion;
            foreach (var @event in events)
            {
                var (type, json) = EventSerializer.Serialize(@event);
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO governance.request_events (project_id, version, event_type, payload, actor, occurred_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)",
                    connection, transaction);
                insert.Parameters.AddWithValue(projectId);
                insert.Parameters.AddWithValue(++version);
                insert.Parameters.AddWithValue(type);
                insert.Parameters.AddWithValue(json);
                insert.Parameters.AddWithValue(@event.Actor);
                insert.Parameters.AddWithValue(@event.At.UtcDateTime);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (PostgresException conflict) when (conflict.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new StreamConflictException();
        }

        await using (var project = new NpgsqlCommand("""
            INSERT INTO governance.projects (project_id, title, state, requester, team, datasets, grant_end, version, updated_at, pseudonym_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (project_id) DO UPDATE SET title = excluded.title, state = excluded.state, team = excluded.team,
                datasets = excluded.datasets, grant_end = excluded.grant_end, version = excluded.version, updated_at = excluded.updated_at
            """, connection, transaction))
        {
            project.Parameters.AddWithValue(projectId);
            project.Parameters.AddWithValue(request.Details.Title);
            project.Parameters.AddWithValue(request.State.ToString());
            project.Parameters.AddWithValue(request.Requester);
            project.Parameters.AddWithValue(request.Team.Order(StringComparer.Ordinal).ToArray());
            project.Parameters.AddWithValue(request.Details.Datasets.ToArray());
            project.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)request.Grant?.End.UtcDateTime ?? DBNull.Value);
            project.Parameters.AddWithValue(request.Version);
            project.Parameters.AddWithValue(events[^1].At.UtcDateTime);
            // Only a new project uses this value: the key is made once and never changes.
            project.Parameters.AddWithValue(RandomNumberGenerator.GetBytes(32));
            await project.ExecuteNonQueryAsync(cancellationToken);
        }
        await audit.AppendAsync(connection, transaction, auditRecords, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return request;
    }

    /// <summary>Projects whose team includes <paramref name="member"/>; or, with null, in any of <paramref name="states"/>.</summary>
    public async Task<IReadOnlyList<ProjectSummary>> ListAsync(string? member, IReadOnlyCollection<ProjectState>? states, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT project_id, title, state, requester, team, datasets, grant_end, updated_at FROM governance.projects
            WHERE ($1::text IS NULL OR team @> ARRAY[$1::text]) AND ($2::text[] IS NULL OR state = ANY($2))
            ORDER BY updated_at DESC LIMIT 500
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)member ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = (object?)states?.Select(s => s.ToString()).ToArray() ?? DBNull.Value,
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text,
        });
        var projects = new List<ProjectSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            projects.Add(new ProjectSummary(reader.GetGuid(0).ToString(), reader.GetString(1), Enum.Parse<ProjectState>(reader.GetString(2)),
                reader.GetString(3), reader.GetFieldValue<string[]>(4), reader.GetFieldValue<string[]>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return projects;
    }

    /// <summary>Approved grants whose end has passed, for the expiry sweep.</summary>
    public async Task<IReadOnlyList<Guid>> DueForExpiryAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT project_id FROM governance.projects WHERE state = 'Approved' AND grant_end <= $1");
        command.Parameters.AddWithValue(now.UtcDateTime);
        var due = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(reader.GetGuid(0));
        }
        return due;
    }

    /// <summary>A project's state, grant end and pseudonymisation key, from the read model (one indexed row); null when unknown.</summary>
    public async Task<(ProjectState State, DateTimeOffset? GrantEnd, byte[] Key)?> PseudonymAccessAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT state, grant_end, pseudonym_key FROM governance.projects WHERE project_id = $1");
        command.Parameters.AddWithValue(projectId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return (Enum.Parse<ProjectState>(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1), (byte[])reader[2]);
    }
}
