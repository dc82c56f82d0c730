using EdsPlatform.Interactions.Engine;

namespace EdsPlatform.Web.Clients;

/// <summary>The interactions API (<c>/api/interactions</c>): a prescription's interactions on the thesaurus's current edition.</summary>
public sealed class InteractionsClient(HttpClient http) : GatewayApi(http)
{
    public Task<AnalysisResult> AnalysePrescriptionAsync(object request, CancellationToken cancellationToken) =>
        SendAsync<AnalysisResult>(HttpMethod.Post, "/api/interactions/analyses", request, cancellationToken);
}
