using EdsPlatform.Interactions.Contracts;
using EdsPlatform.Interactions.Engine;

namespace EdsPlatform.Web.Clients;

/// <summary>The interactions API (<c>/api/interactions</c>): a prescription's interactions on the thesaurus's current edition, and a project's warehouse screenings.</summary>
public sealed class InteractionsClient(HttpClient http) : GatewayApi(http)
{
    public Task<AnalysisResult> AnalysePrescriptionAsync(object request, CancellationToken cancellationToken) =>
        SendAsync<AnalysisResult>(HttpMethod.Post, "/api/interactions/analyses", request, cancellationToken);

    public Task<List<SubstanceMatch>> SearchSubstancesAsync(string text, CancellationToken cancellationToken) =>
        GetAsync<List<SubstanceMatch>>($"/api/interactions/substances?q={Escape(text)}&limit=15", cancellationToken);

    public Task<ScreeningView> SubmitScreeningAsync(string projectId, object request, CancellationToken cancellationToken) =>
        SendAsync<ScreeningView>(HttpMethod.Post, $"/api/interactions/projects/{Escape(projectId)}/screenings", request, cancellationToken);

    public Task<ScreeningView> GetScreeningAsync(string projectId, int jobId, CancellationToken cancellationToken) =>
        GetAsync<ScreeningView>($"/api/interactions/projects/{Escape(projectId)}/screenings/{jobId}", cancellationToken);

    public Task<ScreeningMembersPage> GetScreeningMembersAsync(string projectId, int jobId, int pair, CancellationToken cancellationToken) =>
        GetAsync<ScreeningMembersPage>($"/api/interactions/projects/{Escape(projectId)}/screenings/{jobId}/pairs/{pair}/members?limit=100", cancellationToken);
}
