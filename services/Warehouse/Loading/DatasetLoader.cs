using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EdsPlatform.Warehouse.Loading;

/// <summary>The persons a dataset owns: its rows are the rows of these persons.</summary>
public readonly record struct PersonIdRange(long First, long Last)
{
    public override string ToString() => $"{First}..{Last}";
}

/// <summary>
/// What to load. <paramref name="Fingerprint"/> identifies the content (a hash, or the generator's
/// parameters); <paramref name="PrepareFolderAsync"/> is only called when the content is not loaded yet,
/// so that a warehouse already up to date starts in milliseconds.
/// </summary>
public sealed record DatasetLoadRequest(
    string Name,
    string Fingerprint,
    PersonIdRange? OwnedPersons,
    Func<CancellationToken, Task<OmopCsvFolder>> PrepareFolderAsync);

public enum LoadOutcome { AlreadyLoaded, Loaded, Replaced }

public sealed record LoadResult(string Dataset, LoadOutcome Outcome, long Rows, TimeSpan Elapsed);

/// <summary>
/// Loads a dataset into the warehouse in a single transaction, recorded in warehouse.load_history by
/// that same transaction. Hence: loading twice changes nothing; a load killed half-way (process,
/// connection or server) rolls back entirely and the next run loads it again; readers never see half a
/// dataset. A concurrent loader of the same dataset waits on an advisory lock and then finds it loaded.
/// </summary>
public sealed class DatasetLoader(NpgsqlDataSource dataSource, ILogger<DatasetLoader> logger)
{
    public async Task<LoadResult> LoadAsync(DatasetLoadRequest request, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", cancellationToken, request.Name);
        var loadedFingerprint = await ReadLoadedFingerprintAsync(connection, request.Name, cancellationToken);
        if (loadedFingerprint == request.Fingerprint)
        {
            logger.LogInformation("Dataset {Dataset} is already loaded", request.Name);
            return new LoadResult(request.Name, LoadOutcome.AlreadyLoaded, 0, stopwatch.Elapsed);
        }

        var catalog = await OmopTableCatalog.ReadAsync(connection, cancellationToken);
        var touched = new HashSet<OmopTable>();
        if (loadedFingerprint is not null)
        {
            var owned = request.OwnedPersons ?? throw new InvalidOperationException(
                $"Dataset '{request.Name}' is loaded with other content; without the range of person ids it owns it cannot be replaced.");
            logger.LogInformation("Dataset {Dataset} changed: removing the rows of persons {Range}", request.Name, owned);
            touched.UnionWith(await DeletePersonsAsync(connection, catalog, owned, cancellationToken));
        }

        var folder = await request.PrepareFolderAsync(cancellationToken);
        long rows;
        try
        {
            rows = await CopyFolderAsync(connection, catalog, request.Name, folder, touched, cancellationToken);
        }
        finally
        {
            if (folder.IsTemporary)
            {
                Directory.Delete(folder.Path, recursive: true);
            }
        }

        await ExecuteAsync(connection, """
            INSERT INTO warehouse.load_history (dataset, content_sha256, row_count) VALUES ($1, $2, $3)
            ON CONFLICT (dataset) DO UPDATE SET content_sha256 = excluded.content_sha256,
                row_count = excluded.row_count, loaded_at = now()
            """, cancellationToken, request.Name, request.Fingerprint, rows);
        await transaction.CommitAsync(cancellationToken);

        // Fresh statistics for the tables this load changed, so that the first query after it gets a good plan.
        if (touched.Count > 0)
        {
            await ExecuteAsync(connection, $"ANALYZE {string.Join(", ", touched.Select(t => t.QualifiedName))}", cancellationToken);
        }

        logger.LogInformation("Dataset {Dataset}: {Rows} rows loaded in {Elapsed}", request.Name, rows, stopwatch.Elapsed);
        return new LoadResult(request.Name, loadedFingerprint is null ? LoadOutcome.Loaded : LoadOutcome.Replaced, rows, stopwatch.Elapsed);
    }

    private async Task<long> CopyFolderAsync(NpgsqlConnection connection, OmopTableCatalog catalog, string dataset, OmopCsvFolder folder, HashSet<OmopTable> touched, CancellationToken cancellationToken)
    {
        long rows = 0;
        foreach (var file in folder.Files)
        {
            var table = catalog.Find(file.Table);
            if (table is null)
            {
                // CDM v5.3 tables dropped in v5.4 (attribute_definition, cohort_attribute) have nowhere to go.
                logger.LogWarning("Skipping {File}: no table '{Table}' in OMOP CDM v5.4", file.FileName, file.Table);
                continue;
            }
            var tableRows = await CopyTableAsync(connection, table, file, cancellationToken);
            touched.Add(table);
            logger.LogInformation("{Dataset}: {Rows} rows into {Table}", dataset, tableRows, table.QualifiedName);
            rows += tableRows;
        }
        return rows;
    }

    private static async Task<long> CopyTableAsync(NpgsqlConnection connection, OmopTable table, OmopCsvFolder.TableFile file, CancellationToken cancellationToken)
    {
        if (table.MergeKind == TableMergeKind.DatasetOwned)
        {
            var deferredIndexes = await DropIndexesIfEmptyAsync(connection, table, cancellationToken);
            var rows = await Task.Run(() => CopyFile(connection, table, table.QualifiedName, file, cancellationToken), cancellationToken);
            foreach (var definition in deferredIndexes)
            {
                await ExecuteAsync(connection, definition, cancellationToken);
            }
            return rows;
        }

        // Shared rows (vocabulary, care sites) may already be there from another dataset: stage, then keep what exists.
        var staging = $"staging_{table.Name}";
        await ExecuteAsync(connection, $"CREATE TEMP TABLE {staging} (LIKE {table.QualifiedName} INCLUDING DEFAULTS) ON COMMIT DROP", cancellationToken);
        await Task.Run(() => CopyFile(connection, table, staging, file, cancellationToken), cancellationToken);
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        await using var merge = new NpgsqlCommand(
            $"INSERT INTO {table.QualifiedName} ({columns}) SELECT {columns} FROM {staging} ON CONFLICT DO NOTHING", connection);
        return await merge.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Into an empty table, building each index once after the COPY is several times cheaper than
    /// maintaining it row by row. Both happen in the load's transaction, so readers never see the table
    /// without its indexes (they wait for the commit instead). Populated tables keep their indexes: a
    /// rebuild would cost more than the rows added. Constraint indexes (primary keys) always stay.
    /// </summary>
    /// <returns>The definitions of the dropped indexes, to create again after the COPY.</returns>
    private static async Task<List<string>> DropIndexesIfEmptyAsync(NpgsqlConnection connection, OmopTable table, CancellationToken cancellationToken)
    {
        await using (var empty = new NpgsqlCommand($"SELECT NOT EXISTS (SELECT 1 FROM {table.QualifiedName})", connection))
        {
            if (!(bool)(await empty.ExecuteScalarAsync(cancellationToken))!)
            {
                return [];
            }
        }
        var indexes = new List<(string Name, string Definition)>();
        await using (var query = new NpgsqlCommand("""
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = $1::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """, connection))
        {
            query.Parameters.AddWithValue(table.QualifiedName);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX {name}", cancellationToken);
        }
        return indexes.Select(i => i.Definition).ToList();
    }

    private static long CopyFile(NpgsqlConnection connection, OmopTable table, string target, OmopCsvFolder.TableFile file, CancellationToken cancellationToken) =>
        CsvTableCopier.Copy(connection, table, target, file.OpenRead, file.FileName, cancellationToken);

    /// <returns>The tables rows were removed from.</returns>
    private static async Task<List<OmopTable>> DeletePersonsAsync(NpgsqlConnection connection, OmopTableCatalog catalog, PersonIdRange range, CancellationToken cancellationToken)
    {
        // NOTE_NLP hangs off NOTE, not off a person: it goes first.
        await ExecuteAsync(connection,
            "DELETE FROM cdm.note_nlp WHERE note_id IN (SELECT note_id FROM cdm.note WHERE person_id BETWEEN $1 AND $2)",
            cancellationToken, range.First, range.Last);
        var tables = catalog.Tables.Where(t => t.MergeKind == TableMergeKind.DatasetOwned && t.PersonColumn is not null).ToList();
        foreach (var table in tables)
        {
            await ExecuteAsync(connection,
                $"DELETE FROM {table.QualifiedName} WHERE {table.PersonColumn} BETWEEN $1 AND $2",
                cancellationToken, range.First, range.Last);
        }
        return [.. tables, catalog.Find("note_nlp")!];
    }

    private static async Task<string?> ReadLoadedFingerprintAsync(NpgsqlConnection connection, string dataset, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT content_sha256 FROM warehouse.load_history WHERE dataset = $1", connection);
        command.Parameters.AddWithValue(dataset);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
