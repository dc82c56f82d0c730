using System.Net.Http.Headers;
using EdsPlatform.Imaging.Contracts;

namespace EdsPlatform.Web.Clients;

/// <summary>The imaging API (<c>/api/imaging</c>): the model repository's state, analysis of an uploaded study, and a project's model runs over the warehouse's studies.</summary>
public sealed class ImagingClient(HttpClient http) : GatewayApi(http)
{
    public Task<List<ModelSummary>> GetModelsAsync(CancellationToken cancellationToken) => GetAsync<List<ModelSummary>>("/api/imaging/models", cancellationToken);

    public Task<StudyAnalysis> AnalyzeStudyAsync(string fileName, byte[] dicom, CancellationToken cancellationToken)
    {
        var file = new ByteArrayContent(dicom);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        var form = new MultipartFormDataContent { { file, "files", fileName } };
        return SendContentAsync<StudyAnalysis>(HttpMethod.Post, "/api/imaging/studies", form, cancellationToken);
    }

    public Task<ModelRunView> SubmitRunAsync(string projectId, object request, CancellationToken cancellationToken) =>
        SendAsync<ModelRunView>(HttpMethod.Post, $"/api/imaging/projects/{Escape(projectId)}/runs", request, cancellationToken);

    public Task<ModelRunView> GetRunAsync(string projectId, int jobId, CancellationToken cancellationToken) =>
        GetAsync<ModelRunView>($"/api/imaging/projects/{Escape(projectId)}/runs/{jobId}", cancellationToken);

    public Task<ModelRunMembersPage> GetRunMembersAsync(string projectId, int jobId, CancellationToken cancellationToken) =>
        GetAsync<ModelRunMembersPage>($"/api/imaging/projects/{Escape(projectId)}/runs/{jobId}/members?limit=200", cancellationToken);
}
