using EdsPlatform.DataAccess;

namespace EdsPlatform.Interactions.Apis;

/// <summary>
/// Drugs given as OMOP concept ids, read in the warehouse's vocabulary (read-only login): an ATC concept by its code,
/// an RxNorm ingredient by its name, any other drug concept by its ingredients (concept_ancestor).
/// </summary>
public sealed class ConceptDrugs(OmopReader omop)
{
    /// <summary>What to resolve instead of the id (an ATC code or ingredient names), or null when the vocabulary has no such drug.</summary>
    public async Task<string?> NameAsync(long conceptId, CancellationToken cancellationToken)
    {
        await using var command = omop.DataSource.CreateCommand("""
            SELECT CASE WHEN c.vocabulary_id = 'ATC' THEN c.concept_code ELSE c.concept_name END
            FROM cdm.concept c WHERE c.concept_id = $1 AND c.domain_id = 'Drug' AND (c.vocabulary_id = 'ATC' OR c.concept_class_id = 'Ingredient')
            UNION ALL
            SELECT i.concept_name FROM cdm.concept_ancestor ca JOIN cdm.concept i ON i.concept_id = ca.ancestor_concept_id
            WHERE ca.descendant_concept_id = $1 AND i.concept_class_id = 'Ingredient' AND ca.ancestor_concept_id <> $1
            LIMIT 1
            """);
        command.Parameters.AddWithValue(conceptId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
