using EdsPlatform.Nlp.Contracts;
using EdsPlatform.Nlp.Pipeline;

namespace EdsPlatform.Web.Clients;

/// <summary>The NLP API (<c>/api/nlp</c>): analysis and pseudonymisation of the user's own text, and a project's extractions of the warehouse's notes.</summary>
public sealed class NlpClient(HttpClient http) : GatewayApi(http)
{
    public Task<AnalysisResponse> AnalyzeAsync(string text, DateOnly noteDate, string? documentType, CancellationToken cancellationToken) =>
        SendAsync<AnalysisResponse>(HttpMethod.Post, "/api/nlp/analyze", new { text, noteDate = noteDate.ToString("yyyy-MM-dd"), documentType }, cancellationToken);

    public Task<PseudonymizeResponse> PseudonymizeAsync(string text, DateOnly noteDate, CancellationToken cancellationToken) =>
        SendAsync<PseudonymizeResponse>(HttpMethod.Post, "/api/nlp/pseudonymize", new { text, noteDate = noteDate.ToString("yyyy-MM-dd"), mode = "surrogates" }, cancellationToken);

    public Task<ExtractionView> SubmitExtractionAsync(string projectId, object request, CancellationToken cancellationToken) =>
        SendAsync<ExtractionView>(HttpMethod.Post, $"/api/nlp/projects/{Escape(projectId)}/extractions", request, cancellationToken);

    public Task<ExtractionView> GetExtractionAsync(string projectId, int jobId, CancellationToken cancellationToken) =>
        GetAsync<ExtractionView>($"/api/nlp/projects/{Escape(projectId)}/extractions/{jobId}", cancellationToken);

    public Task<NoteNlpRowsPage> GetExtractionRowsAsync(string projectId, int jobId, CancellationToken cancellationToken) =>
        GetAsync<NoteNlpRowsPage>($"/api/nlp/projects/{Escape(projectId)}/extractions/{jobId}/rows?limit=200", cancellationToken);

    public Task<PseudonymizedNotesPage> GetExtractionNotesAsync(string projectId, int jobId, CancellationToken cancellationToken) =>
        GetAsync<PseudonymizedNotesPage>($"/api/nlp/projects/{Escape(projectId)}/extractions/{jobId}/notes?limit=10", cancellationToken);
}
