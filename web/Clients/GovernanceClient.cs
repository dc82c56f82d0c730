namespace EdsPlatform.Web.Clients;

/// <summary>The governance API (<c>/api/governance</c>): projects and their access requests, the committee, grants, the audit log.</summary>
public sealed class GovernanceClient(HttpClient http) : GatewayApi(http)
{
    public Task<List<string>> GetRequestableDatasetsAsync(CancellationToken cancellationToken) => GetAsync<List<string>>("/api/governance/datasets", cancellationToken);

    public Task<List<ProjectSummary>> GetMyProjectsAsync(CancellationToken cancellationToken) => GetAsync<List<ProjectSummary>>("/api/governance/projects", cancellationToken);

    public Task<ProjectView> GetProjectAsync(string projectId, CancellationToken cancellationToken) =>
        GetAsync<ProjectView>($"/api/governance/projects/{Escape(projectId)}", cancellationToken);

    public Task<ProjectView> CreateProjectAsync(object input, CancellationToken cancellationToken) => SendAsync<ProjectView>(HttpMethod.Post, "/api/governance/projects", input, cancellationToken);

    public Task<ProjectView> EditProjectAsync(string projectId, object input, CancellationToken cancellationToken) =>
        SendAsync<ProjectView>(HttpMethod.Put, $"/api/governance/projects/{Escape(projectId)}", input, cancellationToken);

    /// <summary>submit, close, votes, return, revoke: the project's answer after the command.</summary>
    public Task<ProjectView> ActAsync(string projectId, string action, object? body, CancellationToken cancellationToken) =>
        SendAsync<ProjectView>(HttpMethod.Post, $"/api/governance/projects/{Escape(projectId)}/{action}", body, cancellationToken);

    public Task<List<ReviewItem>> GetReviewQueueAsync(CancellationToken cancellationToken) => GetAsync<List<ReviewItem>>("/api/governance/reviews", cancellationToken);

    public Task<List<ProjectSummary>> GetGrantsAsync(CancellationToken cancellationToken) => GetAsync<List<ProjectSummary>>("/api/governance/grants", cancellationToken);

    public Task<List<AuditEntry>> GetAuditAsync(string? projectId, CancellationToken cancellationToken) =>
        GetAsync<List<AuditEntry>>(projectId is null ? "/api/governance/audit?limit=200" : $"/api/governance/audit?limit=200&project={Escape(projectId)}", cancellationToken);

    public Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken) => GetAsync<AuditVerification>("/api/governance/audit/verification", cancellationToken);
}
