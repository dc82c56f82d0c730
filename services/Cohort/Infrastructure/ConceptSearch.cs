using EdsPlatform.DataAccess;
using Npgsql;

namespace EdsPlatform.Cohort.Infrastructure;

/// <summary>
/// The vocabulary search behind the cohort builder: valid concepts whose name contains the text (any case), or
/// whose code or id is the text; standard concepts first, then shorter names (the closer match).
/// Runs with the read-only role.
/// </summary>
public sealed class ConceptSearch(OmopReader reader)
{
    public async Task<IReadOnlyList<ConceptMatch>> SearchAsync(string text, string? domain, int limit, CancellationToken cancellationToken)
    {
        await using var command = reader.DataSource.CreateCommand("""
            SELECT c.concept_id::bigint, c.concept_name, c.domain_id, c.vocabulary_id, c.concept_code, c.standard_concept = 'S'
            FROM cdm.concept c
            WHERE (c.concept_name ILIKE '%' || $1 || '%' ESCAPE '\' OR c.concept_code = $2 OR c.concept_id = $3)
              AND c.invalid_reason IS NULL
              AND ($4::text IS NULL OR c.domain_id = $4)
            ORDER BY c.standard_concept = 'S' DESC NULLS LAST, length(c.concept_name), c.concept_name
            LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = EscapeLike(text) });
        command.Parameters.Add(new NpgsqlParameter { Value = text });
        command.Parameters.Add(new NpgsqlParameter { Value = long.TryParse(text, out var id) ? id : -1L });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)domain ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var matches = new List<ConceptMatch>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            matches.Add(new ConceptMatch(rows.GetInt64(0), rows.GetString(1), rows.GetString(2), rows.GetString(3), rows.GetString(4), !rows.IsDBNull(5) && rows.GetBoolean(5)));
        }
        return matches;
    }

    /// <summary>The user's % and _ are letters to find, not wildcards.</summary>
    private static string EscapeLike(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
