using EdsPlatform.DataAccess;

namespace EdsPlatform.Interactions.Apis;

/// <summary>
/// Drugs given as OMOP concept ids, read in the warehouse's vocabulary (read-only login): an ATC concept by its code,
/// an RxNorm ingredient by its name, any other drug concept by its ingredients (concept_ancestor).
/// </summary>
public sealed class ConceptDrugs(OmopReader omop)
{
    /// <summary>What to resolve instead of the id (an ATC code or ingredient names), or null when the vocabulary has no such drug.</summary>
    public async Task<string?> NameAsync(long conceptId, CancellationToken cancellationToken) =>
        (await NamesAsync([conceptId], cancellationToken)).GetValueOrDefault(conceptId);

    /// <summary>The name to resolve for each concept the vocabulary knows as a drug (the concept itself first, else its first ingredient).</summary>
    public async Task<IReadOnlyDictionary<long, string>> NamesAsync(long[] conceptIds, CancellationToken cancellationToken)
    {
        await using var command = omop.DataSource.CreateCommand("""
            SELECT DISTINCT ON (id) id, name FROM (
                SELECT c.concept_id AS id, CASE WHEN c.vocabulary_id = 'ATC' THEN c.concept_code ELSE c.concept_name END AS name, 0 AS rank
                FROM cdm.concept c WHERE c.concept_id = ANY($1) AND c.domain_id = 'Drug' AND (c.vocabulary_id = 'ATC' OR c.concept_class_id = 'Ingredient')
                UNION ALL
                SELECT ca.descendant_concept_id, i.concept_name, 1
                FROM cdm.concept_ancestor ca JOIN cdm.concept i ON i.concept_id = ca.ancestor_concept_id
                WHERE ca.descendant_concept_id = ANY($1) AND i.concept_class_id = 'Ingredient' AND ca.ancestor_concept_id <> ca.descendant_concept_id
            ) names ORDER BY id, rank, name
            """);
        command.Parameters.AddWithValue(conceptIds);
        var names = new Dictionary<long, string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names[reader.GetInt64(0)] = reader.GetString(1);
        }
        return names;
    }
}
