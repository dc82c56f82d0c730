using Npgsql;
using NpgsqlTypes;

namespace EdsPlatform.Nlp.Extraction;

/// <summary>
/// Which notes an extraction covers: by note date and a word of the title, or the whole warehouse. The same filter
/// selects the notes to extract and, later, the rows and notes a project may browse.
/// </summary>
public sealed record NoteScope(DateOnly? From, DateOnly? To, string? Title)
{
    /// <summary>SQL over cdm.note aliased <c>n</c>, with the scope's parameters at <paramref name="first"/> onwards.</summary>
    public static string Where(int first) => $"""
        (${first}::date IS NULL OR n.note_date >= ${first}) AND (${first + 1}::date IS NULL OR n.note_date <= ${first + 1})
        AND (${first + 2}::text IS NULL OR n.note_title ILIKE '%' || ${first + 2} || '%')
        """;

    public void AddParameters(NpgsqlCommand command)
    {
        command.Parameters.Add(new() { Value = (object?)From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = (object?)To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = (object?)Title?.Replace("%", "\\%").Replace("_", "\\_") ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
    }
}
