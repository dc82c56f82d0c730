using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EdsPlatform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class GovernanceWorkflowTests(PlatformFixture platform)
{
    private readonly GovernanceScenario _governance = new(platform);

    [Fact]
    public async Task The_whole_workflow_from_draft_to_grant_to_revocation()
    {
        var projectId = await _governance.CreateAsync();
        Assert.Equal("draft", (await _governance.ProjectAsync(projectId))["state"]!.GetValue<string>());
        await GovernanceScenario.AssertDeniedAsync(await _governance.RowsAsync(DemoUsers.Researcher, projectId), "notApproved");

        await _governance.SubmitAsync(projectId);
        var queue = await ApiSession.OkAsync((await _governance.As(DemoUsers.CommitteeMember)).GetAsync("/api/governance/reviews"));
        Assert.Contains(queue.AsArray(), item => item!["projectId"]!.GetValue<string>() == projectId);

        var firstVote = await ApiSession.OkAsync(_governance.VoteAsync(DemoUsers.CommitteeMember, projectId, "approve", "No free text leaves the warehouse."));
        Assert.Equal("underReview", firstVote["state"]!.GetValue<string>());
        await GovernanceScenario.AssertDeniedAsync(await _governance.RowsAsync(DemoUsers.Researcher, projectId), "notApproved");
        var approved = await ApiSession.OkAsync(_governance.VoteAsync(DemoUsers.SecondCommitteeMember, projectId, "approve", ""));
        Assert.Equal("approved", approved["state"]!.GetValue<string>());
        var grant = approved["grant"]!;
        Assert.Equal([DemoUsers.Researcher, DemoUsers.TeamMember], grant["users"]!.AsArray().Select(u => u!.GetValue<string>()).Order());
        Assert.Equal(["No free text leaves the warehouse."], grant["conditions"]!.AsArray().Select(c => c!.GetValue<string>()));

        // Granted: rows come back with the project's pseudonyms, never the warehouse's person ids.
        var rows = await ApiSession.OkAsync(_governance.RowsAsync(DemoUsers.TeamMember, projectId));
        Assert.Equal("person_pseudonym", rows["columns"]![0]!.GetValue<string>());
        Assert.DoesNotContain(rows["columns"]!.AsArray(), c => c!.GetValue<string>() is "person_id" or "condition_source_value" or "condition_occurrence_id");
        Assert.Equal(5, rows["rows"]!.AsArray().Count);
        Assert.All(rows["rows"]!.AsArray(), row => Assert.Matches("^[0-9a-f]{24}$", row![0]!.GetValue<string>()));

        await GovernanceScenario.AssertDeniedAsync(await _governance.RowsAsync(DemoUsers.Researcher, projectId, GovernanceScenario.OtherDataset), "datasetNotGranted");
        await GovernanceScenario.AssertDeniedAsync(await _governance.RowsAsync(DemoUsers.Admin, projectId), "notAMember");

        // Revocation: refused everywhere within two seconds of the steward's answer.
        await _governance.RevokeAsync(projectId);
        var revokedAt = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var response = await _governance.RowsAsync(DemoUsers.Researcher, projectId);
            status = response.StatusCode;
        }
        while (status == HttpStatusCode.OK && revokedAt.Elapsed < TimeSpan.FromSeconds(5));
        Assert.True(revokedAt.Elapsed < TimeSpan.FromSeconds(2), $"Still served {revokedAt.Elapsed.TotalSeconds:F1} s after the revocation.");
        await GovernanceScenario.AssertDeniedAsync(await _governance.RowsAsync(DemoUsers.Researcher, projectId), "revoked");

        // Everything above is in the audit log, decisions and accesses, allowed and denied.
        var audit = await ApiSession.OkAsync((await _governance.As(DemoUsers.DataSteward)).GetAsync($"/api/governance/audit?project={projectId}&limit=1000"));
        var entries = audit.AsArray().Select(e => (Action: e!["record"]!["action"]!.GetValue<string>(), Outcome: e["record"]!["outcome"]!.GetValue<string>(),
            Source: e["record"]!["source"]!.GetValue<string>(), Actor: e["record"]!["actor"]!.GetValue<string>())).ToList();
        Assert.Contains(("create-project", "done", "governance", DemoUsers.Researcher), entries);
        Assert.Contains(("submit", "done", "governance", DemoUsers.Researcher), entries);
        Assert.Contains(("vote", "done", "governance", DemoUsers.SecondCommitteeMember), entries);
        Assert.Contains(("revoke", "done", "governance", DemoUsers.DataSteward), entries);
        Assert.Contains(("read", "allowed", "gateway", DemoUsers.TeamMember), entries);
        Assert.Contains(("read", "allowed", "catalog", DemoUsers.TeamMember), entries);
        Assert.Contains(("read", "denied", "gateway", DemoUsers.Admin), entries);
    }

    [Fact]
    public async Task A_project_member_never_reviews_their_own_project_and_the_attempt_is_audited()
    {
        var projectId = await _governance.CreateAsync("Sepsis cohort", DemoUsers.ThirdCommitteeMember);
        await _governance.SubmitAsync(projectId);

        using var vote = await _governance.VoteAsync(DemoUsers.ThirdCommitteeMember, projectId, "approve");

        Assert.Equal(HttpStatusCode.Forbidden, vote.StatusCode);
        Assert.DoesNotContain((await ApiSession.OkAsync((await _governance.As(DemoUsers.ThirdCommitteeMember)).GetAsync("/api/governance/reviews"))).AsArray(),
            item => item!["projectId"]!.GetValue<string>() == projectId);
        Assert.Equal("submitted", (await _governance.ProjectAsync(projectId))["state"]!.GetValue<string>());
        var audit = await ApiSession.OkAsync((await _governance.As(DemoUsers.DataSteward)).GetAsync($"/api/governance/audit?project={projectId}"));
        Assert.Contains(audit.AsArray(), e => e!["record"]!["actor"]!.GetValue<string>() == DemoUsers.ThirdCommitteeMember
            && e["record"]!["outcome"]!.GetValue<string>() == "denied");
    }

    [Fact]
    public async Task Votes_follow_the_rules()
    {
        var projectId = await _governance.CreateAsync("Rules");
        using (var onDraft = await _governance.VoteAsync(DemoUsers.CommitteeMember, projectId, "approve"))
        {
            Assert.Equal(HttpStatusCode.Conflict, onDraft.StatusCode);
        }
        await _governance.SubmitAsync(projectId);
        await ApiSession.OkAsync(_governance.VoteAsync(DemoUsers.CommitteeMember, projectId, "abstain"));
        using (var twice = await _governance.VoteAsync(DemoUsers.CommitteeMember, projectId, "approve"))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }
        using (var byResearcher = await _governance.VoteAsync(DemoUsers.Researcher, projectId, "approve"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byResearcher.StatusCode);
        }
        using (var rejectionWithoutReason = await _governance.VoteAsync(DemoUsers.SecondCommitteeMember, projectId, "reject"))
        {
            Assert.Equal(HttpStatusCode.Conflict, rejectionWithoutReason.StatusCode);
        }
        var rejected = await ApiSession.OkAsync(_governance.VoteAsync(DemoUsers.SecondCommitteeMember, projectId, "reject", "No legal basis for these tables."));
        Assert.Equal("rejected", rejected["state"]!.GetValue<string>());
        await GovernanceScenario.AssertDeniedAsync(await _governance.RowsAsync(DemoUsers.Researcher, projectId), "notApproved");
    }

    [Fact]
    public async Task A_request_returned_for_changes_is_edited_resubmitted_and_reviewed_afresh()
    {
        var projectId = await _governance.CreateAsync("Too broad");
        await _governance.SubmitAsync(projectId);
        await ApiSession.OkAsync(_governance.VoteAsync(DemoUsers.CommitteeMember, projectId, "approve"));
        var committee = await _governance.As(DemoUsers.SecondCommitteeMember);
        var returned = await ApiSession.OkAsync(committee.PostAsync($"/api/governance/projects/{projectId}/return", new { comment = "Request condition_occurrence only." }));
        Assert.Equal("returnedForChanges", returned["state"]!.GetValue<string>());

        var researcher = await _governance.As(DemoUsers.Researcher);
        var edited = await ApiSession.OkAsync(researcher.PutAsync($"/api/governance/projects/{projectId}",
            GovernanceScenario.Input("Narrower", [DemoUsers.TeamMember], [GovernanceScenario.GrantedDataset])));
        Assert.Equal([GovernanceScenario.GrantedDataset], edited["details"]!["datasets"]!.AsArray().Select(d => d!.GetValue<string>()));
        await _governance.SubmitAsync(projectId);

        var project = await _governance.ProjectAsync(projectId);
        Assert.Equal("submitted", project["state"]!.GetValue<string>());
        Assert.Empty(project["votes"]!.AsArray());
        Assert.Contains(project["history"]!.AsArray(), h => h!["event"]!.GetValue<string>() == "ReturnedForChanges"
            && h["comment"]!.GetValue<string>() == "Request condition_occurrence only.");
    }

    [Fact]
    public async Task A_grant_expires_at_its_end_everywhere()
    {
        var projectId = await _governance.ApprovedAsync("Short study");
        await ApiSession.OkAsync(_governance.RowsAsync(DemoUsers.Researcher, projectId));
        var steward = await _governance.As(DemoUsers.DataSteward);
        await ApiSession.OkAsync(steward.PostAsync($"/api/governance/projects/{projectId}/grant-end",
            new { end = DateTimeOffset.UtcNow.AddSeconds(3), reason = "Study closed early." }));

        await Task.Delay(TimeSpan.FromSeconds(4));

        await GovernanceScenario.AssertDeniedAsync(await _governance.RowsAsync(DemoUsers.Researcher, projectId), "expired");
        Assert.Equal("expired", (await _governance.ProjectAsync(projectId))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_votes_never_create_two_grants()
    {
        for (var round = 0; round < 5; round++)
        {
            var projectId = await _governance.CreateAsync($"Concurrent {round}");
            await _governance.SubmitAsync(projectId);

            var votes = await Task.WhenAll(new[] { DemoUsers.CommitteeMember, DemoUsers.SecondCommitteeMember, DemoUsers.ThirdCommitteeMember }
                .Select(member => _governance.VoteAsync(member, projectId, "approve")));

            var statuses = votes.Select(v => v.StatusCode).ToList();
            Array.ForEach(votes, v => v.Dispose());
            Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, s.ToString()));
            var history = (await _governance.ProjectAsync(projectId))["history"]!.AsArray().Select(h => h!["event"]!.GetValue<string>()).ToList();
            Assert.Single(history, "RequestApproved");
            Assert.Single(history, "ReviewStarted");
            Assert.Equal(statuses.Count(s => s == HttpStatusCode.OK), history.Count(e => e == "VoteCast"));
        }
    }

    [Fact]
    public async Task Two_projects_get_unlinkable_pseudonyms_for_the_same_patients()
    {
        var first = await _governance.ApprovedAsync("Linkage A");
        var second = await _governance.ApprovedAsync("Linkage B");

        var a = await ApiSession.OkAsync(_governance.RowsAsync(DemoUsers.Researcher, first));
        var aAgain = await ApiSession.OkAsync(_governance.RowsAsync(DemoUsers.Researcher, first));
        var b = await ApiSession.OkAsync(_governance.RowsAsync(DemoUsers.Researcher, second));

        static List<string> Persons(JsonNode rows) => [.. rows["rows"]!.AsArray().Select(r => r![0]!.GetValue<string>())];
        Assert.Equal(Persons(a), Persons(aAgain));
        Assert.Empty(Persons(a).Intersect(Persons(b)));
        // Same rows (ordered by person), different names for the people in them.
        Assert.Equal(a["rows"]![0]![1]!.ToJsonString(), b["rows"]![0]![1]!.ToJsonString());
    }

    [Fact]
    public async Task A_data_service_checks_the_grant_again_when_called_around_the_gateway()
    {
        var draft = await _governance.CreateAsync("Bypass attempt");
        var direct = await platform.DirectSessionAsync(DemoUsers.Researcher, ResourceNames.Catalog);
        await GovernanceScenario.AssertDeniedAsync(await direct.GetAsync(GovernanceScenario.RowsPath(draft, GovernanceScenario.GrantedDataset)), "notApproved");

        var approved = await _governance.ApprovedAsync("Direct with grant");
        await ApiSession.OkAsync(direct.GetAsync(GovernanceScenario.RowsPath(approved, GovernanceScenario.GrantedDataset)));
    }

    [Fact]
    public async Task An_invalid_project_is_refused_field_by_field_and_nothing_is_created()
    {
        var researcher = await _governance.As(DemoUsers.Researcher);
        var before = (await ApiSession.OkAsync(researcher.GetAsync("/api/governance/projects"))).AsArray().Count;

        using var response = await researcher.PostAsync("/api/governance/projects", new
        {
            title = "",
            principalInvestigator = "'; DROP TABLE governance.projects; --",
            members = new[] { "not an address" },
            datasets = new[] { "pg_authid" },
            durationDays = 100_000,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["datasets", "durationDays", "legalBasis", "members", "principalInvestigator", "purpose", "title"], errors.Select(e => e.Key).Order());
        Assert.Equal(before, (await ApiSession.OkAsync(researcher.GetAsync("/api/governance/projects"))).AsArray().Count);
    }

    [Fact]
    public async Task Stewards_and_committee_pages_are_closed_to_researchers_and_internal_routes_to_people()
    {
        var researcher = await _governance.As(DemoUsers.Researcher);
        foreach (var path in new[] { "/api/governance/grants", "/api/governance/audit", "/api/governance/audit/verification", "/api/governance/reviews" })
        {
            using var response = await researcher.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {response.StatusCode}");
        }
        var steward = await _governance.As(DemoUsers.DataSteward);
        using var snapshot = await steward.GetAsync($"/api/governance/internal/grants/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Forbidden, snapshot.StatusCode);
        using var pseudonyms = await steward.PostAsync($"/api/governance/internal/projects/{Guid.NewGuid()}/pseudonyms", new { personIds = new[] { 1 } });
        Assert.Equal(HttpStatusCode.Forbidden, pseudonyms.StatusCode);
    }
}
