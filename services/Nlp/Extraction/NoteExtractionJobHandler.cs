using System.Text.Json;
using EdsPlatform.DataAccess;
using EdsPlatform.Jobs;
using EdsPlatform.Nlp.Contracts;
using EdsPlatform.Nlp.Pipeline;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace EdsPlatform.Nlp.Extraction;

/// <summary>
/// Extracts the notes of a scope into NOTE_NLP, in note id order, a batch per transaction: the batch's previous rows
/// from this system are replaced, its new rows written and the job's checkpoint moved, all committed together. A job
/// taken over after a kill resumes after the checkpoint: no note processed twice, none skipped. Notes are read with
/// the read-only login; the rows are written with the service's own.
/// </summary>
public sealed class NoteExtractionJobHandler(OmopReader omop, NpgsqlDataSource owner, ClinicalPipeline pipeline, IOptions<NlpOptions> options) : IJobHandler
{
    private sealed record Note(long Id, DateOnly Date, string Text);

    public async Task<object> RunAsync(ClaimedJob job, Action<float> progress, CancellationToken cancellationToken)
    {
        var scope = JsonSerializer.Deserialize<NoteScope>(job.Payload, JsonSerializerOptions.Web)!;
        var vocabulary = await VocabularyMap.LoadAsync(omop, cancellationToken);
        var (last, notes, rows) = await CheckpointAsync(job.Id, cancellationToken);
        var total = Math.Max(1, await CountAsync(scope, cancellationToken));
        while (await NextBatchAsync(scope, last, cancellationToken) is { Count: > 0 } batch)
        {
            var records = batch.AsParallel().AsOrdered().WithCancellation(cancellationToken)
                .SelectMany(note => NoteNlpRows.From(note.Id, note.Text, pipeline.Analyze(note.Text, note.Date), vocabulary))
                .ToList();
            (last, notes, rows) = (batch[^1].Id, notes + batch.Count, rows + records.Count);
            await WriteAsync(job.Id, [.. batch.Select(n => n.Id)], records, (last, notes, rows), cancellationToken);
            progress(Math.Min(1f, (float)notes / total));
        }
        return new ExtractionResult(notes, rows, ClinicalPipeline.SystemName);
    }

    public string? Explain(Exception failure) => null;

    private async Task<(long Last, long Notes, long Rows)> CheckpointAsync(int jobId, CancellationToken cancellationToken)
    {
        await using var command = owner.CreateCommand("SELECT last_note_id, notes, rows FROM nlp.extraction_progress WHERE job_id = $1");
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : (long.MinValue, 0, 0);
    }

    private async Task<long> CountAsync(NoteScope scope, CancellationToken cancellationToken)
    {
        await using var command = omop.DataSource.CreateCommand($"SELECT count(*) FROM cdm.note n WHERE {NoteScope.Where(1)}");
        scope.AddParameters(command);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<List<Note>> NextBatchAsync(NoteScope scope, long after, CancellationToken cancellationToken)
    {
        await using var command = omop.DataSource.CreateCommand(
            $"SELECT n.note_id, n.note_date, n.note_text FROM cdm.note n WHERE {NoteScope.Where(1)} AND n.note_id > $7 ORDER BY n.note_id LIMIT $8");
        scope.AddParameters(command);
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(options.Value.ExtractionBatchSize);
        var notes = new List<Note>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            notes.Add(new Note(reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1), reader.IsDBNull(2) ? "" : reader.GetString(2)));
        }
        return notes;
    }

    private async Task WriteAsync(int jobId, long[] noteIds, List<NoteNlpRecord> records, (long Last, long Notes, long Rows) checkpoint, CancellationToken cancellationToken)
    {
        await using var connection = await owner.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var replace = new NpgsqlBatchCommand("DELETE FROM cdm.note_nlp WHERE note_id = ANY($1) AND nlp_system = $2");
        replace.Parameters.AddWithValue(noteIds);
        replace.Parameters.AddWithValue(ClinicalPipeline.SystemName);
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO cdm.note_nlp (note_nlp_id, note_id, section_concept_id, snippet, "offset", lexical_variant, note_nlp_concept_id, note_nlp_source_concept_id,
                nlp_system, nlp_date, nlp_datetime, term_exists, term_temporal, term_modifiers)
            SELECT nextval('nlp.note_nlp_id'), r.note_id, 0, r.snippet, r."offset", r.lexical_variant, r.concept, r.source, $10, current_date, localtimestamp, r.term_exists, r.temporal, r.modifiers
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[])
                AS r(note_id, "offset", lexical_variant, snippet, concept, source, term_exists, temporal, modifiers)
            """);
        insert.Parameters.AddWithValue(records.Select(r => r.NoteId).ToArray());
        insert.Parameters.AddWithValue(records.Select(r => r.Offset).ToArray());
        insert.Parameters.AddWithValue(records.Select(r => r.LexicalVariant).ToArray());
        insert.Parameters.Add(new() { Value = records.Select(r => (object?)r.Snippet ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = records.Select(r => (object?)r.ConceptId ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        insert.Parameters.Add(new() { Value = records.Select(r => (object?)r.SourceConceptId ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        insert.Parameters.AddWithValue(records.Select(r => r.TermExists).ToArray());
        insert.Parameters.Add(new() { Value = records.Select(r => (object?)r.TermTemporal ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.AddWithValue(records.Select(r => r.TermModifiers).ToArray());
        insert.Parameters.AddWithValue(ClinicalPipeline.SystemName);
        var progress = new NpgsqlBatchCommand("""
            INSERT INTO nlp.extraction_progress (job_id, last_note_id, notes, rows) VALUES ($1, $2, $3, $4)
            ON CONFLICT (job_id) DO UPDATE SET last_note_id = excluded.last_note_id, notes = excluded.notes, rows = excluded.rows, updated_at = now()
            """);
        progress.Parameters.AddWithValue(jobId);
        progress.Parameters.AddWithValue(checkpoint.Last);
        progress.Parameters.AddWithValue(checkpoint.Notes);
        progress.Parameters.AddWithValue(checkpoint.Rows);
        batch.BatchCommands.Add(replace);
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(progress);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
