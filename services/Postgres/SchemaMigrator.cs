using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EdsPlatform.Postgres;

/// <summary>
/// Applies a service's versioned SQL scripts, embedded in its assembly (V0001__name.sql, ...), in order,
/// each in its own transaction, and records them in &lt;schema&gt;.schema_migrations.
/// </summary>
/// <remarks>
/// Hand-written rather than DbUp or FluentMigrator: it is short, and it takes a PostgreSQL advisory
/// lock so that several warehouse instances starting together apply each script exactly once, which
/// neither library does on PostgreSQL. A script that was edited after it ran is refused (checksum).
/// </remarks>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, IEnumerable<MigrationSet> sets, ILogger<SchemaMigrator> logger)
{
    /// <summary>Applies each set in turn (a service's own set after, say, its job queue's); the number of scripts applied.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var set in sets)
        {
            count += await MigrateAsync(set, cancellationToken);
        }
        return count;
    }

    private async Task<int> MigrateAsync(MigrationSet migrations, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, null, $$"""
            CREATE SCHEMA IF NOT EXISTS {{migrations.Schema}};
            CREATE TABLE IF NOT EXISTS {{migrations.Schema}}.schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                sha256 char(64) NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now());
            """, cancellationToken);

        await Execute(connection, null, $"SELECT pg_advisory_lock({migrations.AdvisoryLockKey})", cancellationToken);
        try
        {
            var applied = await ReadAppliedAsync(connection, migrations.Schema, cancellationToken);
            var count = 0;
            foreach (var migration in migrations.Scripts)
            {
                if (applied.TryGetValue(migration.Version, out var sha))
                {
                    if (sha != migration.Sha256)
                    {
                        throw new InvalidOperationException(
                            $"Migration V{migration.Version:D4} '{migration.Name}' was changed after it was applied. Add a new migration instead.");
                    }
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Execute(connection, transaction, migration.Sql, cancellationToken);
                await using (var record = new NpgsqlCommand(
                    $"INSERT INTO {migrations.Schema}.schema_migrations (version, name, sha256) VALUES ($1, $2, $3)", connection, transaction))
                {
                    record.Parameters.AddWithValue(migration.Version);
                    record.Parameters.AddWithValue(migration.Name);
                    record.Parameters.AddWithValue(migration.Sha256);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration V{Version:D4} {Name}", migration.Version, migration.Name);
                count++;
            }
            return count;
        }
        finally
        {
            await Execute(connection, null, $"SELECT pg_advisory_unlock({migrations.AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand($"SELECT version, sha256 FROM {schema}.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }
        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed record Migration(int Version, string Name, string Sql, string Sha256)
{
    /// <summary>Parses "V0001__omop_cdm_v54_tables.sql".</summary>
    public static Migration Parse(string fileName, string sql)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var separator = stem.IndexOf("__", StringComparison.Ordinal);
        if (!stem.StartsWith('V') || separator < 2 || !int.TryParse(stem.AsSpan(1, separator - 1), out var version))
        {
            throw new InvalidOperationException($"Migration file '{fileName}' is not named V<version>__<name>.sql.");
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new Migration(version, stem[(separator + 2)..], sql, sha);
    }
}

/// <summary>
/// A service's migrations: the embedded scripts under <paramref name="resourcePrefix"/> (folder path with dots),
/// recorded in <paramref name="schema"/>, applied under <paramref name="advisoryLockKey"/>. A library whose tables
/// each service owns (the job queue) writes "${schema}" in its scripts: it becomes <paramref name="schema"/>.
/// </summary>
public sealed class MigrationSet(Assembly assembly, string resourcePrefix, string schema, long advisoryLockKey)
{
    public string Schema { get; } = schema;

    public long AdvisoryLockKey { get; } = advisoryLockKey;

    public IReadOnlyList<Migration> Scripts { get; } = assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(resourcePrefix, StringComparison.Ordinal))
        .Select(name => Migration.Parse(name[resourcePrefix.Length..], ReadResource(assembly, name).Replace("${schema}", schema, StringComparison.Ordinal)))
        .OrderBy(migration => migration.Version)
        .ToList();

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
