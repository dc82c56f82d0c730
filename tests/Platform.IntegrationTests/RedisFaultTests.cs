using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace EdsPlatform.IntegrationTests;

/// <summary>
/// Redis holds only caches and pub/sub: frozen or killed, the platform keeps its promises. Data is served from
/// governance (never for a revoked project: a revocation made during the fault is refused everywhere within 2 s),
/// no request fails or takes over 2 s, cohort jobs succeed, health says "degraded" quickly, and a killed Redis is
/// restarted.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RedisFaultTests(PlatformFixture platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);
    private readonly GovernanceScenario _governance = new(platform);

    [Fact]
    public async Task A_frozen_redis_lets_no_revoked_project_through_fails_no_job_and_hangs_no_request()
    {
        var (approved, doomed) = await TwoApprovedProjectsAsync("frozen");
        var redis = await InfrastructureFaults.ForRedisAsync(platform);
        await redis.FreezeAsync();
        try
        {
            await AssertServedThroughoutAsync(approved, doomed, TimeSpan.FromSeconds(6));
            await AssertHealthAnswersQuicklyAsync();
            await AssertAJobSucceedsAsync();
        }
        finally
        {
            await redis.ResumeAsync();
        }
        await AssertRecoveredAsync(approved, doomed);
    }

    [Fact]
    public async Task A_killed_redis_is_restarted_and_the_platform_serves_throughout()
    {
        var (approved, doomed) = await TwoApprovedProjectsAsync("killed");
        var redis = await InfrastructureFaults.ForRedisAsync(platform);
        var before = redis.LocalProcessId();
        await redis.KillAsync();

        await AssertServedThroughoutAsync(approved, doomed, TimeSpan.FromSeconds(4));
        await AssertAJobSucceedsAsync();

        if (before is not null)
        {
            // Local infrastructure restarts it, as a container runtime's restart policy would.
            var deadline = Stopwatch.StartNew();
            while (redis.LocalProcessId() is not { } after || after == before)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(15), "Redis was not restarted within 15 s.");
                await Task.Delay(200);
            }
        }
        await AssertRecoveredAsync(approved, doomed);
    }

    private async Task<(string Approved, string Doomed)> TwoApprovedProjectsAsync(string fault)
    {
        var approved = await _governance.ApprovedAsync($"Redis {fault}: served");
        var doomed = await _governance.ApprovedAsync($"Redis {fault}: revoked during the fault");
        // Both in every door's caches before the fault.
        await ApiSession.OkAsync(_governance.RowsAsync(DemoUsers.Researcher, approved));
        await ApiSession.OkAsync(_governance.RowsAsync(DemoUsers.Researcher, doomed));
        await ApiSession.OkAsync(CatalogDirectAsync(doomed));
        return (approved, doomed);
    }

    /// <summary>
    /// Reads through the gateway and directly at the catalog for <paramref name="duration"/>, revoking
    /// <paramref name="doomed"/> one second in: every read of the other project succeeds within 2 s, the revocation
    /// is answered as done within 2 s, and both doors refuse the revoked project within 2 s of it.
    /// </summary>
    private async Task AssertServedThroughoutAsync(string approved, string doomed, TimeSpan duration)
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var problems = new List<string>();
        var clock = Stopwatch.StartNew();
        TimeSpan? revokedAt = null, gatewayRefusedAt = null, catalogRefusedAt = null;
        while (clock.Elapsed < duration || (revokedAt is not null && (gatewayRefusedAt is null || catalogRefusedAt is null) && clock.Elapsed < duration + Patience))
        {
            await ExpectAsync("gateway read", () => researcher.GetAsync(GovernanceScenario.RowsPath(approved, GovernanceScenario.GrantedDataset)), HttpStatusCode.OK);
            await ExpectAsync("catalog read", () => CatalogDirectAsync(approved), HttpStatusCode.OK);
            await ExpectAsync("cohort search", () => researcher.GetAsync("/api/cohort/concepts?q=covid"), HttpStatusCode.OK);
            if (revokedAt is null && clock.Elapsed > TimeSpan.FromSeconds(1))
            {
                await ExpectAsync("revocation", async () => await (await _governance.As(DemoUsers.DataSteward)).PostAsync($"/api/governance/projects/{doomed}/revoke", new { comment = "Redis fault test" }), HttpStatusCode.OK);
                revokedAt = clock.Elapsed;
            }
            if (revokedAt is not null)
            {
                gatewayRefusedAt ??= await RefusedAsync(() => researcher.GetAsync(GovernanceScenario.RowsPath(doomed, GovernanceScenario.GrantedDataset))) ? clock.Elapsed : null;
                catalogRefusedAt ??= await RefusedAsync(() => CatalogDirectAsync(doomed)) ? clock.Elapsed : null;
            }
            await Task.Delay(50);
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        Assert.NotNull(revokedAt);
        Assert.True(gatewayRefusedAt - revokedAt <= Patience, $"The gateway refused the revoked project {gatewayRefusedAt - revokedAt} after the revocation.");
        Assert.True(catalogRefusedAt - revokedAt <= Patience, $"The catalog refused the revoked project {catalogRefusedAt - revokedAt} after the revocation.");

        async Task ExpectAsync(string what, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
        {
            var timer = Stopwatch.StartNew();
            using var response = await send();
            if (response.StatusCode != expected || timer.Elapsed > Patience)
            {
                problems.Add($"{clock.Elapsed.TotalSeconds:0.0} s, {what}: {(int)response.StatusCode} in {timer.ElapsedMilliseconds} ms {await response.Content.ReadAsStringAsync()}");
            }
        }

        async Task<bool> RefusedAsync(Func<Task<HttpResponseMessage>> send)
        {
            var timer = Stopwatch.StartNew();
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500 || timer.Elapsed > Patience)
            {
                problems.Add($"{clock.Elapsed.TotalSeconds:0.0} s, revoked read: {(int)response.StatusCode} in {timer.ElapsedMilliseconds} ms {body}");
            }
            return response.StatusCode == HttpStatusCode.Forbidden && JsonNode.Parse(body)?["reason"]?.GetValue<string>() == "revoked";
        }
    }

    /// <summary>Every service's /health answers within a second, and not "unhealthy" because of Redis alone.</summary>
    private async Task AssertHealthAnswersQuicklyAsync()
    {
        using var http = PlatformFixture.NewHttpClient();
        foreach (var service in new[] { ResourceNames.Gateway, ResourceNames.Catalog, ResourceNames.Cohort, ResourceNames.Governance })
        {
            var timer = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri(platform.Endpoint(service), "/health"));
            var status = await response.Content.ReadAsStringAsync();
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(1), $"{service} /health took {timer.ElapsedMilliseconds} ms");
            Assert.True(response.StatusCode == HttpStatusCode.OK && status == "Degraded", $"{service} /health: {(int)response.StatusCode} {status}");
        }
    }

    private async Task AssertAJobSucceedsAsync()
    {
        // A definition of its own: no cached result could answer it, the job must run.
        var definition = JsonNode.Parse(CohortOnEunomiaTests.Definition("celecoxib"))!;
        definition["ConceptSets"]![0]!["name"] = $"during a Redis fault {Guid.NewGuid()}";
        var job = await CohortServiceTests.RunToEndAsync(await platform.SessionAsync(DemoUsers.Researcher), definition.ToJsonString(), "count");
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
    }

    /// <summary>Within seconds of Redis answering again: health back to healthy, data served, the revoked project still refused.</summary>
    private async Task AssertRecoveredAsync(string approved, string doomed)
    {
        using var http = PlatformFixture.NewHttpClient();
        var deadline = Stopwatch.StartNew();
        foreach (var service in new[] { ResourceNames.Gateway, ResourceNames.Catalog, ResourceNames.Cohort, ResourceNames.Governance })
        {
            while (await (await http.GetAsync(new Uri(platform.Endpoint(service), "/health"))).Content.ReadAsStringAsync() != "Healthy")
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), $"{service} still not healthy {deadline.Elapsed} after Redis came back.");
                await Task.Delay(250);
            }
        }
        await ApiSession.OkAsync(_governance.RowsAsync(DemoUsers.Researcher, approved));
        await GovernanceScenario.AssertDeniedAsync(await _governance.RowsAsync(DemoUsers.Researcher, doomed), "revoked");
        await GovernanceScenario.AssertDeniedAsync(await CatalogDirectAsync(doomed), "revoked");
    }

    private async Task<HttpResponseMessage> CatalogDirectAsync(string projectId) =>
        await (await platform.DirectSessionAsync(DemoUsers.Researcher, ResourceNames.Catalog)).GetAsync(GovernanceScenario.RowsPath(projectId, GovernanceScenario.GrantedDataset));
}
