using System.Text.Json;

namespace EdsPlatform.Web.Clients;

/// <summary>The cohort API (<c>/api/cohort</c>): count and create jobs, their members for a project, concept search.</summary>
public sealed class CohortClient(HttpClient http) : GatewayApi(http)
{
    /// <param name="project">For a create job: the project whose team will list its members.</param>
    public Task<JobView> SubmitJobAsync(JsonElement definition, JobMode mode, CancellationToken cancellationToken, string? project = null) =>
        SendAsync<JobView>(HttpMethod.Post, "/api/cohort/jobs", new { definition, mode, project }, cancellationToken);

    public Task<List<ConceptMatch>> SearchConceptsAsync(string text, string? domain, CancellationToken cancellationToken) =>
        GetAsync<List<ConceptMatch>>($"/api/cohort/concepts?q={Escape(text)}{(domain is null ? "" : "&domain=" + Escape(domain))}", cancellationToken);

    /// <summary>
    /// The job once over, or as it is when <paramref name="patience"/> runs out: the service answers as soon as the job
    /// ends (it waits up to 5 s per request, announced by the database), so nothing polls.
    /// </summary>
    public async Task<JobView> WaitForJobAsync(int jobId, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        JobView job;
        do
        {
            var seconds = (int)Math.Clamp(Math.Ceiling((deadline - DateTimeOffset.UtcNow).TotalSeconds), 0, 5);
            job = await GetAsync<JobView>($"/api/cohort/jobs/{jobId}?wait={seconds}", cancellationToken);
        }
        while (!job.Status.IsOver() && DateTimeOffset.UtcNow < deadline);
        return job;
    }

    public Task<JobView> GetJobAsync(int jobId, CancellationToken cancellationToken) => GetAsync<JobView>($"/api/cohort/jobs/{jobId}", cancellationToken);

    public Task<JobView> CancelJobAsync(int jobId, CancellationToken cancellationToken) =>
        SendAsync<JobView>(HttpMethod.Post, $"/api/cohort/jobs/{jobId}/cancel", null, cancellationToken);

    public Task<MembersPage> GetMembersAsync(string projectId, int jobId, CancellationToken cancellationToken) =>
        GetAsync<MembersPage>($"/api/cohort/projects/{Escape(projectId)}/jobs/{jobId}/members?limit=100", cancellationToken);

    public Task<JsonElement> ExportDefinitionAsync(int jobId, CancellationToken cancellationToken) =>
        GetAsync<JsonElement>($"/api/cohort/jobs/{jobId}/definition", cancellationToken);
}
