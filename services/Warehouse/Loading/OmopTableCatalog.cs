using Npgsql;
using NpgsqlTypes;

namespace EdsPlatform.Warehouse.Loading;

/// <summary>The CDM tables of the warehouse, read from information_schema so the loader follows the migrations.</summary>
public sealed class OmopTableCatalog
{
    /// <summary>CDM v5.3 column names that v5.4 renamed, so that v5.3 exports such as Eunomia load unchanged.</summary>
    private static readonly Dictionary<(string Table, string Column), string> V53Renames = new()
    {
        [("visit_occurrence", "admitting_source_concept_id")] = "admitted_from_concept_id",
        [("visit_occurrence", "admitting_source_value")] = "admitted_from_source_value",
        [("visit_occurrence", "discharge_to_concept_id")] = "discharged_to_concept_id",
        [("visit_occurrence", "discharge_to_source_value")] = "discharged_to_source_value",
        [("visit_detail", "admitting_source_concept_id")] = "admitted_from_concept_id",
        [("visit_detail", "admitting_source_value")] = "admitted_from_source_value",
        [("visit_detail", "discharge_to_concept_id")] = "discharged_to_concept_id",
        [("visit_detail", "discharge_to_source_value")] = "discharged_to_source_value",
        [("visit_detail", "visit_detail_parent_id")] = "parent_visit_detail_id",
        [("cost", "reveue_code_source_value")] = "revenue_code_source_value",
    };

    private readonly Dictionary<string, OmopTable> _tables;

    private OmopTableCatalog(Dictionary<string, OmopTable> tables) => _tables = tables;

    public IReadOnlyCollection<OmopTable> Tables => _tables.Values;

    public static async Task<OmopTableCatalog> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT table_name, column_name, data_type
            FROM information_schema.columns
            WHERE table_schema = $1
            ORDER BY table_name, ordinal_position
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(OmopTable.Schema);
        var columns = new Dictionary<string, List<OmopColumn>>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var table = reader.GetString(0);
                if (!columns.TryGetValue(table, out var list))
                {
                    columns[table] = list = [];
                }
                list.Add(new OmopColumn(reader.GetString(1), ToDbType(reader.GetString(2))));
            }
        }
        if (columns.Count == 0)
        {
            throw new InvalidOperationException("The warehouse has no CDM tables: run the migrations first.");
        }
        return new OmopTableCatalog(columns.ToDictionary(pair => pair.Key, pair => new OmopTable(pair.Key, pair.Value)));
    }

    public OmopTable? Find(string tableName) => _tables.GetValueOrDefault(tableName.ToLowerInvariant());

    /// <summary>Maps a CSV header name (any case, CDM v5.3 or v5.4) to the table's column, or null.</summary>
    public static OmopColumn? ResolveColumn(OmopTable table, string headerName)
    {
        var name = headerName.Trim().ToLowerInvariant();
        return table.FindColumn(V53Renames.GetValueOrDefault((table.Name, name), name));
    }

    private static NpgsqlDbType ToDbType(string dataType) => dataType switch
    {
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "numeric" => NpgsqlDbType.Numeric,
        "date" => NpgsqlDbType.Date,
        "timestamp without time zone" => NpgsqlDbType.Timestamp,
        "character varying" or "text" or "character" => NpgsqlDbType.Text,
        _ => throw new NotSupportedException($"CDM column type '{dataType}' has no CSV conversion."),
    };
}
