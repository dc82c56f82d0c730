using System.Net;

namespace EdsPlatform.IntegrationTests;

/// <summary>Roles × request states × data routes: nothing is reachable without an active grant, and everything granted is.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AuthorizationMatrixTests(PlatformFixture platform)
{
    private readonly GovernanceScenario _governance = new(platform);

    [Fact]
    public async Task Patient_level_data_is_served_exactly_within_active_grants()
    {
        var projects = new Dictionary<string, string>
        {
            ["draft"] = await _governance.CreateAsync("Matrix draft"),
            ["submitted"] = await SubmittedAsync("Matrix submitted"),
            ["under review"] = await UnderReviewAsync("Matrix under review"),
            ["returned"] = await ReturnedAsync("Matrix returned"),
            ["approved"] = await _governance.ApprovedAsync("Matrix approved"),
            ["rejected"] = await RejectedAsync("Matrix rejected"),
            ["revoked"] = await RevokedAsync("Matrix revoked"),
            ["closed"] = await ClosedAsync("Matrix closed"),
            ["unknown"] = Guid.NewGuid().ToString(),
        };
        string[] users = [DemoUsers.Researcher, DemoUsers.TeamMember, DemoUsers.CommitteeMember, DemoUsers.DataSteward, DemoUsers.Admin];
        string[] datasets = [GovernanceScenario.GrantedDataset, "person", GovernanceScenario.OtherDataset, "note"];

        var wrong = new List<string>();
        foreach (var (state, projectId) in projects)
        {
            foreach (var user in users)
            {
                foreach (var dataset in datasets)
                {
                    var granted = state == "approved" && user is DemoUsers.Researcher or DemoUsers.TeamMember && dataset is GovernanceScenario.GrantedDataset or "person";
                    using var response = await _governance.RowsAsync(user, projectId, dataset);
                    var expected = granted ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
                    if (response.StatusCode != expected)
                    {
                        wrong.Add($"{state} / {user} / {dataset}: {(int)response.StatusCode}, expected {(int)expected}");
                    }
                }
            }
        }

        // Without a project, or with a malformed one, the data routes answer 403 "noProject".
        await GovernanceScenario.AssertDeniedAsync(await (await _governance.As(DemoUsers.Researcher)).GetAsync(GovernanceScenario.RowsPath("not-a-project", "person")), "noProject");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public async Task On_a_route_without_the_project_in_its_path_the_gateway_takes_it_from_the_header()
    {
        var approved = await _governance.ApprovedAsync("Header approved");
        var draft = await _governance.CreateAsync("Header draft");
        var researcher = await _governance.As(DemoUsers.Researcher);
        var path = PlatformFixture.HeaderDataRoute + GovernanceScenario.RowsPath(approved, GovernanceScenario.GrantedDataset);

        await ApiSession.OkAsync(researcher.GetAsync(path, request => request.Headers.Add("X-Eds-Project", approved)));
        await GovernanceScenario.AssertDeniedAsync(await researcher.GetAsync(path), "noProject");
        // The gateway decides on the header's project, whatever the path says further on.
        await GovernanceScenario.AssertDeniedAsync(await researcher.GetAsync(path, request => request.Headers.Add("X-Eds-Project", draft)), "notApproved");
    }

    [Fact]
    public async Task A_member_list_comes_only_from_the_projects_own_cohorts_and_only_to_its_team()
    {
        var approved = await _governance.ApprovedAsync("Matrix cohorts", ["drug_era", "observation_period", "person"]);
        var definition = CohortOnEunomiaTests.Definition("celecoxib");
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var jobs = new Dictionary<string, int>
        {
            ["for the project"] = (await CohortServiceTests.RunToEndAsync(researcher, definition, "create", approved))["id"]!.GetValue<int>(),
            ["outside the project"] = (await CohortServiceTests.RunToEndAsync(researcher, definition, "create"))["id"]!.GetValue<int>(),
            ["a stranger's"] = (await CohortServiceTests.RunToEndAsync(await platform.SessionAsync(DemoUsers.Admin), definition, "create"))["id"]!.GetValue<int>(),
        };
        // Expected answer by (user, job): 200, 404, or 403 with its reason. The researcher owns the first two jobs; the team member is in the team.
        string Expected(string user, string job) => (user, job) switch
        {
            (DemoUsers.Researcher or DemoUsers.TeamMember, "for the project") => "200",
            (DemoUsers.Researcher, "outside the project") => "403 cohortOutsideProject",
            (DemoUsers.Researcher or DemoUsers.TeamMember, _) => "404",
            _ => "403 notAMember",
        };

        var wrong = new List<string>();
        foreach (var user in new[] { DemoUsers.Researcher, DemoUsers.TeamMember, DemoUsers.CommitteeMember, DemoUsers.DataSteward, DemoUsers.Admin })
        {
            var session = await platform.SessionAsync(user);
            foreach (var (job, id) in jobs)
            {
                using var response = await session.GetAsync($"/api/cohort/projects/{approved}/jobs/{id}/members");
                var reason = response.StatusCode == System.Net.HttpStatusCode.Forbidden
                    ? " " + System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>()
                    : "";
                var actual = $"{(int)response.StatusCode}{reason}";
                if (actual != Expected(user, job))
                {
                    wrong.Add($"{user} / {job}: {actual}, expected {Expected(user, job)}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    private async Task<string> SubmittedAsync(string title)
    {
        var projectId = await _governance.CreateAsync(title);
        await _governance.SubmitAsync(projectId);
        return projectId;
    }

    private async Task<string> UnderReviewAsync(string title)
    {
        var projectId = await SubmittedAsync(title);
        await ApiSession.OkAsync(_governance.VoteAsync(DemoUsers.CommitteeMember, projectId, "approve"));
        return projectId;
    }

    private async Task<string> ReturnedAsync(string title)
    {
        var projectId = await UnderReviewAsync(title);
        await ApiSession.OkAsync((await _governance.As(DemoUsers.SecondCommitteeMember)).PostAsync($"/api/governance/projects/{projectId}/return", new { comment = "Clarify." }));
        return projectId;
    }

    private async Task<string> RejectedAsync(string title)
    {
        var projectId = await SubmittedAsync(title);
        await ApiSession.OkAsync(_governance.VoteAsync(DemoUsers.CommitteeMember, projectId, "reject", "Out of scope."));
        return projectId;
    }

    private async Task<string> RevokedAsync(string title)
    {
        var projectId = await _governance.ApprovedAsync(title);
        await _governance.RevokeAsync(projectId);
        return projectId;
    }

    private async Task<string> ClosedAsync(string title)
    {
        var projectId = await SubmittedAsync(title);
        await ApiSession.OkAsync((await _governance.As(DemoUsers.Researcher)).PostAsync($"/api/governance/projects/{projectId}/close", null));
        return projectId;
    }
}
