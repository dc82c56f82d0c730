using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace EdsPlatform.IntegrationTests;

/// <summary>A governance instance killed with SIGKILL while doors are writing audit records, then started again.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GovernanceCrashTests(PlatformFixture platform)
{
    [Fact]
    public async Task Every_acknowledged_audit_record_survives_a_crash_and_the_chain_stays_whole()
    {
        var database = await platform.CreateScratchDatabaseConnectionStringAsync("governance_crash");
        var serviceToken = (await platform.Identity.ClientCredentialsAsync("platform-services", await platform.ServicesClientSecretAsync())).AccessToken;
        var acknowledged = new ConcurrentBag<Guid>();

        var doomedUrl = ChildProcess.FreeLocalUrl();
        using (var doomed = await StartGovernanceAsync(database, doomedUrl))
        {
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(_ => WriteUntilFailureAsync(doomedUrl, serviceToken, acknowledged, stop.Token)).ToList();
            while (acknowledged.Count < 200)
            {
                await Task.Delay(10);
            }
            await doomed.KillAsync();
            await Task.WhenAll(writers);
        }

        await using (var governancedb = NpgsqlDataSource.Create(database))
        {
            var logged = new HashSet<Guid>();
            await using var command = governancedb.CreateCommand("SELECT entry_id FROM governance.audit_log");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                logged.Add(reader.GetGuid(0));
            }
            Assert.All(acknowledged, id => Assert.Contains(id, logged));
        }

        // A new instance on the same database finds the chain whole, and goes on writing it.
        var restartedUrl = ChildProcess.FreeLocalUrl();
        using var restarted = await StartGovernanceAsync(database, restartedUrl);
        using var http = new HttpClient { BaseAddress = restartedUrl, Timeout = PlatformFixture.HttpTimeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", serviceToken);
        using (var more = await http.PostAsJsonAsync("/api/governance/internal/audit", new[] { Record(Guid.NewGuid()) }))
        {
            Assert.Equal(HttpStatusCode.NoContent, more.StatusCode);
        }
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await platform.SessionAsync(DemoUsers.DataSteward)).AccessToken);
        var verification = await ApiSession.OkAsync(http.GetAsync("/api/governance/audit/verification"));
        Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
        Assert.True(verification["entries"]!.GetValue<long>() > acknowledged.Count);
    }

    private static async Task WriteUntilFailureAsync(Uri governance, string token, ConcurrentBag<Guid> acknowledged, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = governance, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        while (!cancellationToken.IsCancellationRequested)
        {
            var id = Guid.NewGuid();
            try
            {
                using var response = await http.PostAsJsonAsync("/api/governance/internal/audit", new[] { Record(id) }, cancellationToken);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    acknowledged.Add(id);
                }
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
            {
                return; // the process is gone
            }
        }
    }

    private static object Record(Guid id) => new
    {
        id,
        at = DateTimeOffset.UtcNow,
        actor = DemoUsers.Researcher,
        action = "read",
        resource = "GET /api/catalog/projects/x/tables/person/rows",
        outcome = "allowed",
        source = "crash-test",
    };

    private async Task<ChildProcess> StartGovernanceAsync(string database, Uri url) =>
        await ChildProcess.StartServiceAsync(new Projects.Governance(), "EdsPlatform.Governance.dll", url, new Dictionary<string, string>
        {
            ["ConnectionStrings__governancedb"] = database,
            ["ConnectionStrings__redis"] = await platform.ConnectionStringAsync(ResourceNames.Redis),
            ["Identity__Url"] = platform.Endpoint(ResourceNames.Identity).ToString(),
            ["Governance__AuditKey"] = "crash-test-audit-key",
        });
}
