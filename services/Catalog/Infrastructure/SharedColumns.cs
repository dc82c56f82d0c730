using EdsPlatform.DataAccess;

namespace EdsPlatform.Catalog.Infrastructure;

/// <summary>
/// The columns of a patient-level table that may leave the warehouse: coded and numeric ones (concept ids, dates,
/// values). Free text and source values can carry identifiers and other ids can link extracts, so they stay. The
/// warehouse's schema changes only with a migration, which restarts the services: each table is read once.
/// </summary>
public sealed class SharedColumns(OmopReader omopReader)
{
    private static readonly HashSet<string> SharedColumnTypes = ["date", "timestamp without time zone", "timestamp with time zone", "integer", "bigint", "numeric", "double precision", "real", "smallint"];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<string>> _byTable = new(StringComparer.Ordinal);

    /// <summary>The table's shareable columns (person_id aside), or null when it is unknown or holds no person_id.</summary>
    public async Task<List<string>?> OfAsync(string table, CancellationToken cancellationToken)
    {
        if (_byTable.TryGetValue(table, out var known))
        {
            return known;
        }
        var columns = await ReadAsync(table, cancellationToken);
        if (columns is not null)
        {
            _byTable[table] = columns; // unknown names are not kept: the map stays bounded by the schema
        }
        return columns;
    }

    /// <summary>The columns that may leave, or null when the table is unknown or holds no person_id.</summary>
    private async Task<List<string>?> ReadAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = omopReader.DataSource.CreateCommand("""
            SELECT a.attname, format_type(a.atttypid, NULL)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'cdm' AND c.relname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """);
        command.Parameters.AddWithValue(table);
        var all = new List<(string Name, string Type)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            all.Add((reader.GetString(0), reader.GetString(1)));
        }
        if (!all.Any(c => c.Name == "person_id"))
        {
            return null;
        }
        return [.. all.Where(c => c.Name != "person_id" && SharedColumnTypes.Contains(c.Type)
                && (c.Name.EndsWith("_concept_id", StringComparison.Ordinal) || !c.Name.EndsWith("_id", StringComparison.Ordinal)))
            .Select(c => c.Name)];
    }
}
