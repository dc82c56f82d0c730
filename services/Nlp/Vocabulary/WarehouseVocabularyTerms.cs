using EdsPlatform.DataAccess;
using EdsPlatform.Nlp.Pipeline;
using EdsPlatform.Nlp.Pipeline.Terminology;

namespace EdsPlatform.Nlp.Vocabulary;

/// <summary>
/// The warehouse vocabulary's CIM-10 and ATC concept names, added to the shipped lexicon at start (read-only login):
/// a hospital's own labels (its CIM-10 edition and extensions, the names of its drug table) are then found in its
/// notes with their codes. A name the shipped lexicon already has keeps the shipped entry.
/// </summary>
public sealed class WarehouseVocabularyTerms(OmopReader omop, ClinicalPipeline pipeline, ILogger<WarehouseVocabularyTerms> logger)
{
    public async Task AddAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = omop.DataSource.CreateCommand("""
                SELECT vocabulary_id, concept_code, concept_name FROM cdm.concept
                WHERE invalid_reason IS NULL AND (vocabulary_id IN ('CIM10', 'ICD10') OR vocabulary_id = 'ATC' AND concept_class_id = 'ATC 5th')
                """);
            var before = pipeline.Lexicon.Count;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pipeline.Lexicon.Add(reader.GetString(0) == "ATC" ? EntityLabels.Drug : EntityLabels.Diagnosis, reader.GetString(1), reader.GetString(2));
            }
            logger.LogInformation("Lexicon: {Added} terms added from the warehouse vocabulary ({Total} in all)", pipeline.Lexicon.Count - before, pipeline.Lexicon.Count);
        }
        catch (Npgsql.NpgsqlException failure)
        {
            // The shipped lexicons still work; the warehouse's own labels come back at the next start.
            logger.LogWarning(failure, "Lexicon: the warehouse vocabulary could not be read; only the shipped lexicons are used");
        }
    }
}
