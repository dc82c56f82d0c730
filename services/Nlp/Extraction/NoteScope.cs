using Npgsql;
using NpgsqlTypes;

namespace EdsPlatform.Nlp.Extraction;

/// <summary>
/// Which notes an extraction covers: by note date, a word of the title and the members of a cohort created for the
/// project, or the whole warehouse; a shard of it (notes whose id modulo <see cref="Shards"/> is <see cref="Shard"/>)
/// when a whole-warehouse run is split among worker replicas. The same filter selects the notes to extract and,
/// later, the rows and notes a project may browse.
/// </summary>
public sealed record NoteScope(DateOnly? From, DateOnly? To, string? Title, int? Cohort = null, int? Shard = null, int? Shards = null)
{

    /// <summary>SQL over cdm.note aliased <c>n</c>, with the scope's six parameters at <paramref name="first"/> onwards.</summary>
    public static string Where(int first) => $"""
        (${first}::date IS NULL OR n.note_date >= ${first}) AND (${first + 1}::date IS NULL OR n.note_date <= ${first + 1})
        AND (${first + 2}::text IS NULL OR n.note_title ILIKE '%' || ${first + 2} || '%')
        AND (${first + 3}::int IS NULL OR EXISTS (SELECT 1 FROM cdm.cohort c WHERE c.cohort_definition_id = ${first + 3} AND c.subject_id = n.person_id))
        AND (${first + 4}::int IS NULL OR n.note_id % ${first + 5}::int = ${first + 4})
        """;

    public void AddParameters(NpgsqlCommand command)
    {
        command.Parameters.Add(new() { Value = (object?)From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = (object?)To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = (object?)Title?.Replace("%", "\\%").Replace("_", "\\_") ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)Cohort ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)Shard ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = (object?)Shards ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
    }
}
