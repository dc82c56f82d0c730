using EdsPlatform.DataAccess;

namespace EdsPlatform.Nlp.Extraction;

/// <summary>
/// The warehouse vocabulary's CIM-10 and ATC concepts by code, with the standard concept each maps to (or itself when
/// standard): read once per extraction with the read-only login.
/// </summary>
public sealed class VocabularyMap(IReadOnlyDictionary<(string Vocabulary, string Code), (int? Standard, int? Source)> concepts)
{
    public const string Cim10 = "CIM10";
    public const string Atc = "ATC";

    public (int? Standard, int? Source) Find(string vocabulary, string code) =>
        concepts.TryGetValue((vocabulary, code), out var found) ? found
        // A three-character CIM-10 category stands for its codes only when the vocabulary has it as such.
        : vocabulary == Cim10 && code.Length > 3 && concepts.TryGetValue((vocabulary, code[..3]), out var category) ? category
        : default;

    public static async Task<VocabularyMap> LoadAsync(OmopReader omop, CancellationToken cancellationToken)
    {
        await using var command = omop.DataSource.CreateCommand("""
            SELECT CASE WHEN c.vocabulary_id = 'ICD10' THEN 'CIM10' ELSE c.vocabulary_id END, c.concept_code, c.concept_id,
                   COALESCE(m.concept_id_2, CASE WHEN c.standard_concept = 'S' THEN c.concept_id END)
            FROM cdm.concept c
            LEFT JOIN cdm.concept_relationship m ON m.concept_id_1 = c.concept_id AND m.relationship_id = 'Maps to' AND m.concept_id_2 <> c.concept_id
            WHERE c.vocabulary_id IN ('CIM10', 'ICD10', 'ATC')
            ORDER BY c.vocabulary_id = 'ICD10'
            """);
        var concepts = new Dictionary<(string, string), (int?, int?)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            concepts.TryAdd((reader.GetString(0), reader.GetString(1)), (reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.GetInt32(2)));
        }
        return new VocabularyMap(concepts);
    }
}
