using System.Globalization;
using System.Text.Json;
using EdsPlatform.DataAccess;
using EdsPlatform.Imaging.Contracts;
using EdsPlatform.Imaging.Dicom;
using EdsPlatform.Imaging.Inference;
using EdsPlatform.Imaging.Studies;
using EdsPlatform.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace EdsPlatform.Imaging.Warehouse;

/// <summary>What a model run was asked (its payload): the model version, and optionally a cohort created for the project.</summary>
public sealed record ModelRunPayload(string Model, long Version, int? Cohort);

/// <summary>A run's outcome before small-cell suppression; the positive persons stay in the service (shown as pseudonyms).</summary>
public sealed record RawModelRun(string Model, long Version, string Provider, int? Cohort, long Studies, long Analysed, long NotMatching, long Unreadable, long Positive, long[] PersonsPositive);

/// <summary>
/// Runs a model over the warehouse's imaging studies (IMAGE_OCCURRENCE, of a cohort's members when one is given), in
/// image_occurrence_id order, a batch per transaction: each study is read from the archive, those whose series match
/// the model's selection are analysed (concurrently, so they batch in the model's queue), and their findings written
/// as IMAGE_FEATURE rows pointing to MEASUREMENT rows holding the probability, replacing this model version's earlier
/// rows for the same studies; the checkpoint moves in the same transaction. A run taken over after a kill resumes there.
/// </summary>
public sealed class ModelRunJobHandler(OmopReader omop, NpgsqlDataSource owner, InferenceServer server, StudyAnalyzer analyzer, StudyArchive archive,
    IOptions<ImagingOptions> options) : IJobHandler
{
    // SNOMED "Present" and "Absent", the finding's presence as MEASUREMENT.value_as_concept_id.
    private const int Present = 4181412, Absent = 4132135;

    private sealed record Checkpoint(long Last, long Studies, long Analysed, long NotMatching, long Unreadable, long Positive, long[] Persons);

    private sealed record Finding(WarehouseStudy Study, StudyFinding Result);

    public async Task<object> RunAsync(ClaimedJob job, Action<float> progress, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<ModelRunPayload>(job.Payload, JsonSerializerOptions.Web)!;
        ServedVersion model;
        try
        {
            model = server.Get(payload.Model, payload.Version);
        }
        catch (InferenceException unavailable)
        {
            throw new ModelRunException(unavailable.Message);
        }
        var system = $"{model.Config.Name} {model.Version.ToString(CultureInfo.InvariantCulture)}";
        var at = await CheckpointAsync(job.Id, cancellationToken);
        var total = Math.Max(1, await CountAsync(payload.Cohort, cancellationToken));
        while (await NextBatchAsync(payload.Cohort, at.Last, cancellationToken) is { Count: > 0 } batch)
        {
            var outcomes = await Task.WhenAll(batch.Select(study => AnalyseAsync(model, study, cancellationToken)));
            var findings = outcomes.OfType<List<Finding>>().SelectMany(f => f).ToList();
            var positivePersons = findings.Where(f => f.Result.Positive).Select(f => f.Study.PersonId);
            at = new Checkpoint(batch[^1].ImageOccurrenceId, at.Studies + batch.Count, at.Analysed + outcomes.Count(o => o is List<Finding>),
                at.NotMatching + outcomes.Count(o => o is NotMatching), at.Unreadable + outcomes.Count(o => o is Unreadable),
                at.Positive + outcomes.OfType<List<Finding>>().Count(f => f.Any(x => x.Result.Positive)), [.. at.Persons.Union(positivePersons).Order()]);
            await WriteAsync(job.Id, system, [.. batch.Select(s => s.ImageOccurrenceId)], findings, at, cancellationToken);
            progress(Math.Min(1f, (float)at.Studies / total));
        }
        return new RawModelRun(model.Config.Name, model.Version, model.Provider, payload.Cohort, at.Studies, at.Analysed, at.NotMatching, at.Unreadable, at.Positive, at.Persons);
    }

    public string? Explain(Exception failure) => failure is ModelRunException ? failure.Message : null;

    private sealed record NotMatching;

    private sealed record Unreadable;

    /// <summary>The study's findings; or why it was not analysed (its series is not the model's, or its file cannot be read).</summary>
    private async Task<object> AnalyseAsync(ServedVersion model, WarehouseStudy study, CancellationToken cancellationToken)
    {
        StudyInstance instance;
        try
        {
            instance = StudyAnalyzer.Read(archive.Read(study));
        }
        catch (DicomFormatException)
        {
            return new Unreadable();
        }
        if (!StudyAnalyzer.Matches(model.Config.Selection, instance.Summary))
        {
            return new NotMatching();
        }
        var run = await analyzer.RunAsync(model, instance, cancellationToken);
        return run.Findings.Select(f => new Finding(study, f)).ToList();
    }

    private async Task<Checkpoint> CheckpointAsync(int jobId, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand(
            "SELECT last_image_occurrence_id, studies, analysed, positive, persons_positive FROM imaging.run_progress WHERE job_id = $1");
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // Not matching and unreadable counts restart from the checkpoint's totals: only analysed studies are kept exactly.
        return await reader.ReadAsync(cancellationToken)
            ? new Checkpoint(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), 0, 0, reader.GetInt64(3), reader.GetFieldValue<long[]>(4))
            : new Checkpoint(long.MinValue, 0, 0, 0, 0, 0, []);
    }

    private const string Scope = "($1::int IS NULL OR EXISTS (SELECT 1 FROM cdm.cohort c WHERE c.cohort_definition_id = $1 AND c.subject_id = i.person_id))";

    private async Task<long> CountAsync(int? cohort, CancellationToken cancellationToken)
    {
        await using var command = omop.DataSource.CreateCommand($"SELECT count(*) FROM cdm.image_occurrence i WHERE {Scope}");
        command.Parameters.Add(new() { Value = (object?)cohort ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<List<WarehouseStudy>> NextBatchAsync(int? cohort, long after, CancellationToken cancellationToken)
    {
        await using var command = omop.DataSource.CreateCommand($"""
            SELECT i.image_occurrence_id, i.person_id, i.image_occurrence_date, i.image_study_uid, i.local_path, p.modifier_source_value
            FROM cdm.image_occurrence i LEFT JOIN cdm.procedure_occurrence p ON p.procedure_occurrence_id = i.procedure_occurrence_id
            WHERE {Scope} AND i.image_occurrence_id > $2
            ORDER BY i.image_occurrence_id LIMIT $3
            """);
        command.Parameters.Add(new() { Value = (object?)cohort ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(options.Value.RunBatchSize);
        var studies = new List<WarehouseStudy>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            studies.Add(new WarehouseStudy(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<DateOnly>(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return studies;
    }

    private async Task WriteAsync(int jobId, string system, long[] occurrences, List<Finding> findings, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var replace = new NpgsqlBatchCommand("""
            WITH gone AS (DELETE FROM cdm.image_feature WHERE image_occurrence_id = ANY($1) AND alg_system = $2 RETURNING image_feature_event_id)
            DELETE FROM cdm.measurement WHERE measurement_id IN (SELECT image_feature_event_id FROM gone)
            """);
        replace.Parameters.AddWithValue(occurrences);
        replace.Parameters.AddWithValue(system);
        var insert = new NpgsqlBatchCommand("""
            WITH rows AS (
                SELECT nextval('imaging.measurement_id') AS measurement_id, r.*
                FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::text[], $5::float8[], $6::int[]) AS r(occurrence, person, day, label, probability, presence)
            ), measured AS (
                INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id, measurement_date, measurement_type_concept_id,
                    value_as_number, value_as_concept_id, unit_source_value, measurement_source_value)
                SELECT measurement_id, person, 0, day, 0, probability, presence, '{probability}', left($7 || ': ' || label, 50) FROM rows
            )
            INSERT INTO cdm.image_feature (image_feature_id, person_id, image_occurrence_id, image_feature_event_field_concept_id, image_feature_event_id,
                image_feature_concept_id, image_feature_type_concept_id, alg_system, alg_datetime)
            SELECT nextval('imaging.image_feature_id'), person, occurrence, 0, measurement_id, 0, 0, $7, localtimestamp FROM rows
            """);
        insert.Parameters.AddWithValue(findings.Select(f => f.Study.ImageOccurrenceId).ToArray());
        insert.Parameters.AddWithValue(findings.Select(f => f.Study.PersonId).ToArray());
        insert.Parameters.AddWithValue(findings.Select(f => f.Study.Date).ToArray());
        insert.Parameters.AddWithValue(findings.Select(f => f.Result.Label).ToArray());
        insert.Parameters.AddWithValue(findings.Select(f => f.Result.Probability).ToArray());
        insert.Parameters.AddWithValue(findings.Select(f => f.Result.Positive ? Present : Absent).ToArray());
        insert.Parameters.AddWithValue(system);
        var progress = new NpgsqlBatchCommand("""
            INSERT INTO imaging.run_progress (job_id, last_image_occurrence_id, studies, analysed, positive, persons_positive) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (job_id) DO UPDATE SET last_image_occurrence_id = excluded.last_image_occurrence_id, studies = excluded.studies,
                analysed = excluded.analysed, positive = excluded.positive, persons_positive = excluded.persons_positive, updated_at = now()
            """);
        progress.Parameters.AddWithValue(jobId);
        progress.Parameters.AddWithValue(checkpoint.Last);
        progress.Parameters.AddWithValue(checkpoint.Studies);
        progress.Parameters.AddWithValue(checkpoint.Analysed);
        progress.Parameters.AddWithValue(checkpoint.Positive);
        progress.Parameters.AddWithValue(checkpoint.Persons);
        batch.BatchCommands.Add(replace);
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(progress);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>A run that cannot go on as asked (said to its owner).</summary>
public sealed class ModelRunException(string message) : Exception(message);
