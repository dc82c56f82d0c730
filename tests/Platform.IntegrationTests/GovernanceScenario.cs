using System.Net;
using System.Text.Json.Nodes;

namespace EdsPlatform.IntegrationTests;

/// <summary>Projects driven through their lifecycle by the demo users, over the real gateway.</summary>
public sealed class GovernanceScenario(PlatformFixture platform)
{
    public const string GrantedDataset = "condition_occurrence";
    public const string OtherDataset = "measurement";

    public Task<ApiSession> As(string email) => platform.SessionAsync(email);

    /// <summary>A draft by the researcher, with the team member in its team.</summary>
    public Task<string> CreateAsync(string title = "COVID-19 under azathioprine", params string[] extraMembers) =>
        DraftAsync(title, [DemoUsers.TeamMember, .. extraMembers], datasets: null);

    private async Task<string> DraftAsync(string title, string[] members, string[]? datasets)
    {
        var researcher = await As(DemoUsers.Researcher);
        var project = await ApiSession.OkAsync(researcher.PostAsync("/api/governance/projects", Input(title, members, datasets)));
        return project["id"]!.GetValue<string>();
    }

    public static object Input(string title, string[] members, string[]? datasets = null) => new
    {
        title,
        purpose = "Incidence and severity of COVID-19 in patients on immunosuppressants since 2021.",
        principalInvestigator = DemoUsers.Researcher,
        members,
        legalBasis = "MR-004",
        datasets = datasets ?? [GrantedDataset, "person"],
        dataFrom = "2021-01-01",
        durationDays = 365,
    };

    public async Task SubmitAsync(string projectId) =>
        await ApiSession.OkAsync((await As(DemoUsers.Researcher)).PostAsync($"/api/governance/projects/{projectId}/submit", null));

    public async Task<HttpResponseMessage> VoteAsync(string member, string projectId, string vote, string comment = "") =>
        await (await As(member)).PostAsync($"/api/governance/projects/{projectId}/votes", new { vote, comment });

    /// <summary>Submitted, then approved by two committee members (the default rule); by default for condition_occurrence and person.</summary>
    public async Task<string> ApprovedAsync(string title = "Approved project", string[]? datasets = null)
    {
        var projectId = await DraftAsync(title, [DemoUsers.TeamMember], datasets);
        await SubmitAsync(projectId);
        await ApiSession.OkAsync(VoteAsync(DemoUsers.CommitteeMember, projectId, "approve", "Within MR-004."));
        var approved = await ApiSession.OkAsync(VoteAsync(DemoUsers.SecondCommitteeMember, projectId, "approve", ""));
        Assert.Equal("approved", approved["state"]!.GetValue<string>());
        return projectId;
    }

    public async Task<JsonNode> RevokeAsync(string projectId, string reason = "Protocol breach") =>
        await ApiSession.OkAsync((await As(DemoUsers.DataSteward)).PostAsync($"/api/governance/projects/{projectId}/revoke", new { comment = reason }));

    public async Task<JsonNode> ProjectAsync(string projectId) =>
        await ApiSession.OkAsync((await As(DemoUsers.Researcher)).GetAsync($"/api/governance/projects/{projectId}"));

    public static string RowsPath(string projectId, string dataset, int limit = 5) => $"/api/catalog/projects/{projectId}/tables/{dataset}/rows?limit={limit}";

    public async Task<HttpResponseMessage> RowsAsync(string user, string projectId, string dataset = GrantedDataset) =>
        await (await As(user)).GetAsync(RowsPath(projectId, dataset));

    /// <summary>A 403 problem whose "reason" is the expected one.</summary>
    public static async Task AssertDeniedAsync(HttpResponseMessage response, string reason)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(reason, JsonNode.Parse(body)!["reason"]?.GetValue<string>());
        }
    }
}
