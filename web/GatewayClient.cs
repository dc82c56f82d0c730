using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdsPlatform.Web;

public sealed record TableSummary(string Name, long Rows);

public sealed record TableRows(string Dataset, IReadOnlyList<string> Columns, IReadOnlyList<JsonElement[]> Rows);

/// <summary>The platform's APIs as the web app sees them: always through the gateway, with the user's token.</summary>
public sealed class GatewayClient(HttpClient http)
{
    public Task<List<TableSummary>> GetTablesAsync(CancellationToken cancellationToken) => GetAsync<List<TableSummary>>("/api/catalog/tables", cancellationToken);

    public Task<List<string>> GetRequestableDatasetsAsync(CancellationToken cancellationToken) => GetAsync<List<string>>("/api/governance/datasets", cancellationToken);

    public Task<List<ProjectSummary>> GetMyProjectsAsync(CancellationToken cancellationToken) => GetAsync<List<ProjectSummary>>("/api/governance/projects", cancellationToken);

    public Task<ProjectView> GetProjectAsync(string projectId, CancellationToken cancellationToken) =>
        GetAsync<ProjectView>($"/api/governance/projects/{Uri.EscapeDataString(projectId)}", cancellationToken);

    public Task<ProjectView> CreateProjectAsync(object input, CancellationToken cancellationToken) => SendAsync<ProjectView>(HttpMethod.Post, "/api/governance/projects", input, cancellationToken);

    public Task<ProjectView> EditProjectAsync(string projectId, object input, CancellationToken cancellationToken) =>
        SendAsync<ProjectView>(HttpMethod.Put, $"/api/governance/projects/{Uri.EscapeDataString(projectId)}", input, cancellationToken);

    /// <summary>submit, close, votes, return, revoke: the project's answer after the command.</summary>
    public Task<ProjectView> ActAsync(string projectId, string action, object? body, CancellationToken cancellationToken) =>
        SendAsync<ProjectView>(HttpMethod.Post, $"/api/governance/projects/{Uri.EscapeDataString(projectId)}/{action}", body, cancellationToken);

    public Task<List<ReviewItem>> GetReviewQueueAsync(CancellationToken cancellationToken) => GetAsync<List<ReviewItem>>("/api/governance/reviews", cancellationToken);

    public Task<List<ProjectSummary>> GetGrantsAsync(CancellationToken cancellationToken) => GetAsync<List<ProjectSummary>>("/api/governance/grants", cancellationToken);

    public Task<List<AuditEntry>> GetAuditAsync(string? projectId, CancellationToken cancellationToken) =>
        GetAsync<List<AuditEntry>>(projectId is null ? "/api/governance/audit?limit=200" : $"/api/governance/audit?limit=200&project={Uri.EscapeDataString(projectId)}", cancellationToken);

    public Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken) => GetAsync<AuditVerification>("/api/governance/audit/verification", cancellationToken);

    public Task<TableRows> GetProjectRowsAsync(string projectId, string dataset, CancellationToken cancellationToken) =>
        GetAsync<TableRows>($"/api/catalog/projects/{Uri.EscapeDataString(projectId)}/tables/{Uri.EscapeDataString(dataset)}/rows?limit=20", cancellationToken);

    /// <param name="project">For a create job: the project whose team will list its members.</param>
    public Task<CohortJob> SubmitCohortJobAsync(JsonElement definition, string mode, CancellationToken cancellationToken, string? project = null) =>
        SendAsync<CohortJob>(HttpMethod.Post, "/api/cohort/jobs", new { definition, mode, project }, cancellationToken);

    public Task<List<ConceptMatch>> SearchConceptsAsync(string text, string? domain, CancellationToken cancellationToken) =>
        GetAsync<List<ConceptMatch>>($"/api/cohort/concepts?q={Uri.EscapeDataString(text)}{(domain is null ? "" : "&domain=" + Uri.EscapeDataString(domain))}", cancellationToken);

    /// <summary>The job once over, or as it is when <paramref name="patience"/> runs out.</summary>
    public async Task<CohortJob> WaitForCohortJobAsync(int jobId, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        var job = await GetCohortJobAsync(jobId, cancellationToken);
        while (!job.IsOver && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(150, cancellationToken);
            job = await GetCohortJobAsync(jobId, cancellationToken);
        }
        return job;
    }

    public Task<CohortJob> GetCohortJobAsync(int jobId, CancellationToken cancellationToken) => GetAsync<CohortJob>($"/api/cohort/jobs/{jobId}", cancellationToken);

    public Task<CohortJob> CancelCohortJobAsync(int jobId, CancellationToken cancellationToken) =>
        SendAsync<CohortJob>(HttpMethod.Post, $"/api/cohort/jobs/{jobId}/cancel", null, cancellationToken);

    public Task<CohortMembers> GetCohortMembersAsync(string projectId, int jobId, CancellationToken cancellationToken) =>
        GetAsync<CohortMembers>($"/api/cohort/projects/{Uri.EscapeDataString(projectId)}/jobs/{jobId}/members?limit=100", cancellationToken);

    public Task<JsonElement> ExportCohortDefinitionAsync(int jobId, CancellationToken cancellationToken) =>
        GetAsync<JsonElement>($"/api/cohort/jobs/{jobId}/definition", cancellationToken);

    /// <summary>The interactions of a prescription's lines, on the thesaurus's current edition.</summary>
    public Task<EdsPlatform.Interactions.Engine.AnalysisResult> AnalysePrescriptionAsync(object request, CancellationToken cancellationToken) =>
        SendAsync<EdsPlatform.Interactions.Engine.AnalysisResult>(HttpMethod.Post, "/api/interactions/analyses", request, cancellationToken);

    private Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) => SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, cancellationToken);
        }
        return await response.Content.ReadFromJsonAsync<T>(WireFormat, cancellationToken) ?? throw new InvalidOperationException($"{path} answered nothing.");
    }

    /// <summary>The services' wire format (camelCase, enums as strings): contract types shared with a service read as it writes them.</summary>
    private static readonly JsonSerializerOptions WireFormat = CreateWireFormat();

    private static JsonSerializerOptions CreateWireFormat()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Microsoft.Extensions.Hosting.Extensions.ConfigureJson(options);
        return options;
    }

    private static async Task<ApiProblemException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        string? title = null, detail = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) is JsonObject problem)
        {
            title = problem["title"]?.GetValue<string>();
            detail = problem["detail"]?.GetValue<string>();
            foreach (var (field, messages) in problem["errors"]?.AsObject() ?? [])
            {
                errors[field] = [.. messages!.AsArray().Select(m => m!.GetValue<string>())];
            }
        }
        return new ApiProblemException((int)response.StatusCode, title, detail, errors);
    }
}
