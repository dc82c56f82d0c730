using EdsPlatform.Cohort.Definitions;
using Npgsql;

namespace EdsPlatform.IntegrationTests;

/// <summary>
/// A cohort service process SIGKILLed while its job runs, on a scratch OMOP database of its own (so that the
/// platform's cohort workers stay out of it): a new process takes the job over and finishes it, and runs what
/// was queued meanwhile. No job is left "running".
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CohortCrashTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_job_running_when_its_service_is_killed_is_taken_over_by_the_next_one_and_finished()
    {
        var (database, environment) = await ScratchServiceAsync("cohort_crash");
        await using var omop = NpgsqlDataSource.Create(database);

        int running, queuedWhileDown;
        await using (var blocker = await omop.OpenConnectionAsync())
        {
            await using var transaction = await blocker.BeginTransactionAsync();
            // The job's query waits behind this lock: it is surely running when the process dies.
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE cdm.drug_era IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }
            using (var doomed = await ChildProcess.StartServiceAsync(new Projects.Cohort(), "EdsPlatform.Cohort.dll", ChildProcess.FreeLocalUrl(), environment))
            {
                running = await QueueAsync(omop, Celecoxib);
                await WaitForAsync(omop, running, "Running", doomed);
                await doomed.KillAsync();
            }
            queuedWhileDown = await QueueAsync(omop, Celecoxib);
        }

        using var restarted = await ChildProcess.StartServiceAsync(new Projects.Cohort(), "EdsPlatform.Cohort.dll", ChildProcess.FreeLocalUrl(), environment);
        Assert.Equal(("Succeeded", 2), await WaitForAsync(omop, running, "Succeeded", restarted));
        Assert.Equal(("Succeeded", 1), await WaitForAsync(omop, queuedWhileDown, "Succeeded", restarted));
        Assert.Equal(0, await Sql.CountAsync(omop, "SELECT count(*) FROM cohort_jobs.jobs WHERE status NOT IN ('Succeeded', 'Failed', 'Cancelled')"));
    }

    [Fact]
    public async Task A_job_past_its_time_limit_is_stopped_on_the_server_and_failed_with_a_sentence()
    {
        var (database, environment) = await ScratchServiceAsync("cohort_timeout");
        environment["Cohort__Jobs__JobTimeout"] = "00:00:02";
        await using var omop = NpgsqlDataSource.Create(database);
        await using var blocker = await omop.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        // The job's query waits behind this lock for longer than its limit.
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE cdm.drug_era IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        using var service = await ChildProcess.StartServiceAsync(new Projects.Cohort(), "EdsPlatform.Cohort.dll", ChildProcess.FreeLocalUrl(), environment);

        var job = await QueueAsync(omop, Celecoxib);
        await WaitForAsync(omop, job, "Failed", service);

        var error = await Sql.ScalarAsync<string>(omop, $"SELECT error FROM cohort_jobs.jobs WHERE job_id = {job}");
        Assert.StartsWith("The job ran longer than its time limit (2 s)", error, StringComparison.Ordinal);
        // The query was cancelled on the server: nothing waits on the lock any more.
        Assert.Equal(0, await Sql.CountAsync(omop, "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'cdm.drug_era'::regclass"));
    }

    private static readonly string Celecoxib = CirceJson.Write(CirceJson.Read(CohortOnEunomiaTests.Definition("celecoxib")));

    private Task<(string Database, Dictionary<string, string> Environment)> ScratchServiceAsync(string prefix) => platform.ScratchDataServiceAsync(prefix, "Cohort");

    /// <summary>A job as the API queues it, under a definition hash of its own (no cached result answers it).</summary>
    private static async Task<int> QueueAsync(NpgsqlDataSource omop, string definition)
    {
        await using var insert = omop.CreateCommand("""
            INSERT INTO cohort_jobs.jobs (owner, kind, payload, payload_sha256, status) VALUES ($1, 'Count', $2::jsonb, $3, 'Queued') RETURNING job_id
            """);
        insert.Parameters.AddWithValue(DemoUsers.Researcher);
        insert.Parameters.AddWithValue(definition);
        insert.Parameters.AddWithValue(Guid.NewGuid().ToString("N"));
        return (int)(await insert.ExecuteScalarAsync())!;
    }

    private static async Task<(string Status, int Attempts)> WaitForAsync(NpgsqlDataSource omop, int jobId, string status, ChildProcess service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var read = omop.CreateCommand("SELECT status, attempts FROM cohort_jobs.jobs WHERE job_id = $1");
            read.Parameters.AddWithValue(jobId);
            await using var row = await read.ExecuteReaderAsync();
            await row.ReadAsync();
            var current = (row.GetString(0), row.GetInt32(1));
            if (current.Item1 == status || DateTime.UtcNow > deadline)
            {
                return current.Item1 == status ? current : throw new InvalidOperationException($"job {jobId} is {current.Item1}, not {status}:\n{service.RecentOutput}");
            }
            await Task.Delay(200);
        }
    }
}
