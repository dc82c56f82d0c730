using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace EdsPlatform.IntegrationTests;

/// <summary>
/// PostgreSQL killed under load (SIGKILL of the server): requests fail fast with 503, never 500, while it is
/// down; the local supervisor starts it again (it recovers from its WAL), everything recovers, and a job that was
/// running when the server died is run again, not failed.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PostgresRestartTests(PlatformFixture platform)
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_killed_postgres_costs_fast_503s_then_everything_recovers_and_a_running_job_is_run_again()
    {
        var governance = new GovernanceScenario(platform);
        var approved = await governance.ApprovedAsync("Postgres restart");
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var definition = JsonNode.Parse(CohortOnEunomiaTests.Definition("celecoxib"))!;
        definition["ConceptSets"]![0]!["name"] = $"across a database restart {Guid.NewGuid()}";
        // The job's query waits behind a lock: it is surely running when the server dies.
        await using var omop = await platform.OmopDataSourceAsync();
        var blocker = await omop.OpenConnectionAsync();
        await using (var lockTable = new Npgsql.NpgsqlCommand("BEGIN; LOCK TABLE cdm.drug_era IN ACCESS EXCLUSIVE MODE", blocker))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        var job = (await ApiSession.OkAsync(researcher.PostAsync("/api/cohort/jobs", new { definition, mode = "create" })))["id"]!.GetValue<int>();
        await CohortServiceTests.WaitForStatusAsync(researcher, job, TimeSpan.FromSeconds(30), "running");

        var postgres = await InfrastructureFaults.ForPostgresAsync(platform);
        var before = postgres.LocalProcessId();
        await postgres.KillAsync();
        try
        {
            await AssertFastAnswersWhileDownAsync(researcher, approved);
        }
        finally
        {
            // Whatever happened, the next tests find the platform whole again.
            await WaitForRecoveryAsync(researcher, approved);
            try
            {
                await blocker.DisposeAsync();
            }
            catch (Npgsql.NpgsqlException)
            {
                // It spoke to the server that was killed.
            }
        }
        if (before is not null)
        {
            Assert.NotEqual(before, postgres.LocalProcessId());
        }
        var finished = await CohortServiceTests.WaitForStatusAsync(researcher, job, TimeSpan.FromSeconds(90), "succeeded", "failed", "cancelled");
        Assert.Equal("succeeded", finished["status"]!.GetValue<string>());
    }

    private static async Task AssertFastAnswersWhileDownAsync(ApiSession researcher, string approved)
    {

        var problems = new List<string>();
        var unavailable = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(8))
        {
            foreach (var path in new[] { "/api/catalog/tables", GovernanceScenario.RowsPath(approved, GovernanceScenario.GrantedDataset), $"/api/governance/projects/{approved}" })
            {
                var timer = Stopwatch.StartNew();
                using var response = await researcher.GetAsync(path);
                unavailable += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
                if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable) || timer.Elapsed > Fast)
                {
                    problems.Add($"{clock.Elapsed.TotalSeconds:0.0} s {path}: {(int)response.StatusCode} in {timer.ElapsedMilliseconds} ms {await response.Content.ReadAsStringAsync()}");
                }
            }
            await Task.Delay(100);
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    /// <summary>Every route answers again, and every service reports healthy, within a minute.</summary>
    private async Task WaitForRecoveryAsync(ApiSession researcher, string approved)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var path in new[] { "/api/catalog/tables", GovernanceScenario.RowsPath(approved, GovernanceScenario.GrantedDataset), $"/api/governance/projects/{approved}", "/api/cohort/concepts?q=covid" })
        {
            while (true)
            {
                using var response = await researcher.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"{path} still answers {(int)response.StatusCode} a minute after the restart.");
                await Task.Delay(500);
            }
        }
        foreach (var resource in new[] { ResourceNames.Postgres, ResourceNames.Gateway, ResourceNames.Catalog, ResourceNames.Cohort, ResourceNames.Governance, ResourceNames.Identity })
        {
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(resource).WaitAsync(TimeSpan.FromSeconds(60));
        }
        // Connections pooled before the crash fail once each when next used: bursts of requests until a whole burst
        // succeeds wear them out, so that no later test meets one.
        var secret = await platform.ServicesClientSecretAsync();
        while (true)
        {
            var burst = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            {
                using var response = await researcher.GetAsync(i % 2 == 0 ? GovernanceScenario.RowsPath(approved, GovernanceScenario.GrantedDataset) : "/api/catalog/tables");
                using var token = await platform.Identity.RequestTokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = "platform-services", ["client_secret"] = secret });
                return response.IsSuccessStatusCode && token.IsSuccessStatusCode;
            }));
            if (burst.All(ok => ok))
            {
                break;
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), "Requests still fail 90 s after the restart.");
            await Task.Delay(TimeSpan.FromSeconds(1)); // within the gateway's per-user rate limit
        }
    }
}
