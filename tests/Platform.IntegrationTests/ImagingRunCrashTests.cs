using Npgsql;

namespace EdsPlatform.IntegrationTests;

/// <summary>
/// An imaging service process on a scratch OMOP database of its own, SIGKILLed in the middle of a model run: the next
/// takes the job over after its checkpoint, and every study ends up with exactly one IMAGE_FEATURE row.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ImagingRunCrashTests(PlatformFixture platform)
{
    private const int Studies = 400;

    [Fact]
    public async Task A_model_run_killed_midway_resumes_after_its_checkpoint_without_analysing_a_study_twice()
    {
        var (database, environment) = await platform.ScratchDataServiceAsync("imaging_crash", "Imaging");
        environment["Imaging__RunBatchSize"] = "4";
        environment["Imaging__ModelRepository"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(new Projects.Imaging().ProjectPath)!, "..", "..", "models"));
        await using var omop = NpgsqlDataSource.Create(database);
        await using (var insert = omop.CreateCommand($"""
            INSERT INTO cdm.image_occurrence (image_occurrence_id, person_id, image_occurrence_date, image_study_uid, local_path)
            SELECT i, i, DATE '2024-03-01', '2.25.' || (900000 + i), 'synthetic/chest-xray/2.25.' || (900000 + i) || '.dcm' FROM generate_series(1, {Studies}) i
            """))
        {
            await insert.ExecuteNonQueryAsync();
        }

        int job;
        using (var doomed = await ChildProcess.StartServiceAsync(new Projects.Imaging(), "EdsPlatform.Imaging.dll", ChildProcess.FreeLocalUrl(), environment))
        {
            await using var queue = omop.CreateCommand("""
                INSERT INTO imaging_jobs.jobs (owner, kind, payload, payload_sha256, status)
                VALUES ($1, 'model-run', '{"model":"chest-opacity","version":1}'::jsonb, 'crash-test', 'Queued') RETURNING job_id
                """);
            queue.Parameters.AddWithValue(DemoUsers.Researcher);
            job = (int)(await queue.ExecuteScalarAsync())!;
            await Sql.WaitUntilAsync(omop, $"SELECT count(*) FROM imaging.run_progress WHERE job_id = {job} AND studies > 0", doomed);
            await doomed.KillAsync();
        }
        var analysedBeforeTheKill = await Sql.CountAsync(omop, $"SELECT studies FROM imaging.run_progress WHERE job_id = {job}");
        Assert.InRange(analysedBeforeTheKill, 1, Studies - 1);

        using var restarted = await ChildProcess.StartServiceAsync(new Projects.Imaging(), "EdsPlatform.Imaging.dll", ChildProcess.FreeLocalUrl(), environment);
        await Sql.WaitUntilAsync(omop, $"SELECT count(*) FROM imaging_jobs.jobs WHERE job_id = {job} AND status = 'Succeeded'", restarted);

        Assert.Equal(Studies, await Sql.CountAsync(omop, $"SELECT analysed FROM imaging.run_progress WHERE job_id = {job}"));
        Assert.Equal(Studies, await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.image_feature"));
        Assert.Equal(Studies, await Sql.CountAsync(omop, "SELECT count(DISTINCT image_occurrence_id) FROM cdm.image_feature"));
        Assert.Equal(Studies, await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.measurement m JOIN cdm.image_feature f ON f.image_feature_event_id = m.measurement_id"));
    }
}
