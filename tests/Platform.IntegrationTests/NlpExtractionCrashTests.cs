using Npgsql;

namespace EdsPlatform.IntegrationTests;

/// <summary>
/// NLP service processes on a scratch OMOP database of their own: one SIGKILLed in the middle of an extraction (the
/// next takes the job over after its checkpoint), and two replicas sharing a sharded extraction. Every note ends up
/// extracted exactly once.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class NlpExtractionCrashTests(PlatformFixture platform)
{
    private const int Notes = 3_000;

    private const string Report = """
        MOTIF : dyspnée d'effort. Antécédents : HTA, diabète de type 2. Pas de fièvre.
        Examen : TA 150/90 mmHg. Conclusion : insuffisance cardiaque probable. Traitement : furosémide 40 mg 1/j.
        """;

    [Fact]
    public async Task An_extraction_killed_midway_resumes_after_its_checkpoint_without_processing_a_note_twice()
    {
        var (omop, environment) = await NotesWarehouseAsync("nlp_crash");
        await using var _ = omop;

        int job;
        using (var doomed = await ChildProcess.StartServiceAsync(new Projects.Nlp(), "EdsPlatform.Nlp.dll", ChildProcess.FreeLocalUrl(), environment))
        {
            await using var queue = omop.CreateCommand("""
                INSERT INTO nlp_jobs.jobs (owner, kind, payload, payload_sha256, status) VALUES ($1, 'extraction', '{}'::jsonb, 'crash-test', 'Queued') RETURNING job_id
                """);
            queue.Parameters.AddWithValue(DemoUsers.DataSteward);
            job = (int)(await queue.ExecuteScalarAsync())!;
            await Sql.WaitUntilAsync(omop, $"SELECT count(*) FROM nlp.extraction_progress WHERE job_id = {job} AND notes > 0", doomed);
            await doomed.KillAsync();
        }
        var extractedBeforeTheKill = await Sql.CountAsync(omop, $"SELECT notes FROM nlp.extraction_progress WHERE job_id = {job}");
        Assert.InRange(extractedBeforeTheKill, 1, Notes - 1);

        using var restarted = await ChildProcess.StartServiceAsync(new Projects.Nlp(), "EdsPlatform.Nlp.dll", ChildProcess.FreeLocalUrl(), environment);
        await Sql.WaitUntilAsync(omop, $"SELECT count(*) FROM nlp_jobs.jobs WHERE job_id = {job} AND status = 'Succeeded'", restarted);

        Assert.Equal(Notes, await Sql.CountAsync(omop, $"SELECT notes FROM nlp.extraction_progress WHERE job_id = {job}"));
        Assert.Equal(Notes, await Sql.CountAsync(omop, "SELECT count(DISTINCT note_id) FROM cdm.note_nlp"));
        // The notes are identical: every one has the same rows, once.
        var perNote = await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.note_nlp WHERE note_id = 1");
        Assert.True(perNote > 0);
        Assert.Equal(perNote * Notes, await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.note_nlp"));
        Assert.Equal(perNote * Notes, await Sql.CountAsync(omop, $"SELECT rows FROM nlp.extraction_progress WHERE job_id = {job}"));
    }

    [Fact]
    public async Task Two_replicas_share_a_sharded_extraction_and_extract_every_note_once()
    {
        var (omop, environment) = await NotesWarehouseAsync("nlp_replicas");
        await using var _ = omop;
        using var first = await ChildProcess.StartServiceAsync(new Projects.Nlp(), "EdsPlatform.Nlp.dll", ChildProcess.FreeLocalUrl(), environment);
        using var second = await ChildProcess.StartServiceAsync(new Projects.Nlp(), "EdsPlatform.Nlp.dll", ChildProcess.FreeLocalUrl(), environment);
        const int shards = 4;
        await using (var queue = omop.CreateCommand($"""
            INSERT INTO nlp_jobs.jobs (owner, kind, payload, payload_sha256, status)
            SELECT $1, 'extraction', jsonb_build_object('shard', k, 'shards', {shards}), 'shard-' || k, 'Queued' FROM generate_series(0, {shards - 1}) k
            """))
        {
            queue.Parameters.AddWithValue(DemoUsers.DataSteward);
            await queue.ExecuteNonQueryAsync();
        }
        await Sql.WaitUntilAsync(omop, $"SELECT CASE WHEN count(*) = {shards} THEN 1 ELSE 0 END FROM nlp_jobs.jobs WHERE status = 'Succeeded'", first);

        Assert.Equal(2, await Sql.CountAsync(omop, "SELECT count(DISTINCT claimed_by) FROM nlp_jobs.jobs"));
        Assert.Equal(Notes, await Sql.CountAsync(omop, "SELECT sum(notes)::bigint FROM nlp.extraction_progress"));
        Assert.Equal(Notes, await Sql.CountAsync(omop, "SELECT count(DISTINCT note_id) FROM cdm.note_nlp"));
        var perNote = await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.note_nlp WHERE note_id = 1");
        Assert.Equal(perNote * Notes, await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.note_nlp"));
    }

    /// <summary>A scratch warehouse of <see cref="Notes"/> identical notes, and the environment of NLP processes working on it (small batches, quick takeover).</summary>
    private async Task<(NpgsqlDataSource Omop, Dictionary<string, string> Environment)> NotesWarehouseAsync(string prefix)
    {
        var (database, environment) = await platform.ScratchDataServiceAsync(prefix, "Nlp");
        environment["Nlp__ExtractionBatchSize"] = "5";
        var omop = NpgsqlDataSource.Create(database);
        await using var insert = omop.CreateCommand("""
            INSERT INTO cdm.note (note_id, person_id, note_date, note_type_concept_id, note_class_concept_id, note_title, note_text, encoding_concept_id, language_concept_id)
            SELECT i, i, DATE '2024-03-01', 0, 0, 'Consultation', $1, 0, 0 FROM generate_series(1, $2) i
            """);
        insert.Parameters.AddWithValue(Report);
        insert.Parameters.AddWithValue(Notes);
        await insert.ExecuteNonQueryAsync();
        return (omop, environment);
    }
}
