using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using EdsPlatform.Testing;

namespace EdsPlatform.Benchmarks;

/// <summary>Demo users signed in through the provider (code + PKCE), and an approved project, as the benchmarks need them.</summary>
public static class BenchmarkSessions
{
    public const string Researcher = "claire.martin@chu-demo.fr";
    private const string Password = "EdsDemo-2026!";
    private static readonly string[] Committee = ["comite.durand@chu-demo.fr", "comite.leroy@chu-demo.fr"];

    /// <summary>An HTTP client on the gateway with <paramref name="email"/>'s access token.</summary>
    public static async Task<HttpClient> SignInAsync(DistributedApplication app, string email, int connections = 64)
    {
        var identity = new IdentityClient(app.GetEndpoint(ResourceNames.Identity, "http"));
        var callback = new Uri(app.GetEndpoint(ResourceNames.Web, "http"), "/signin-oidc");
        var tokens = await identity.SignInWithCodeFlowAsync(email, Password, await app.SecretAsync("web-client-secret"), callback);
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = app.GetEndpoint(ResourceNames.Gateway, "http") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return http;
    }

    /// <summary>A project of <paramref name="researcher"/>'s on <paramref name="datasets"/>, submitted and approved by two committee members.</summary>
    public static async Task<string> ApprovedProjectAsync(DistributedApplication app, HttpClient researcher, string[] datasets)
    {
        var created = await OkAsync(researcher.PostAsJsonAsync("/api/governance/projects", new
        {
            title = "Benchmark", purpose = "A benchmark's project.", principalInvestigator = Researcher, members = Array.Empty<string>(),
            legalBasis = "MR-004", datasets, durationDays = 30,
        }));
        var projectId = created["id"]!.GetValue<string>();
        await OkAsync(researcher.PostAsync($"/api/governance/projects/{projectId}/submit", null));
        foreach (var member in Committee)
        {
            using var committee = await SignInAsync(app, member);
            await OkAsync(committee.PostAsJsonAsync($"/api/governance/projects/{projectId}/votes", new { vote = "approve", comment = "" }));
        }
        return projectId;
    }

    public static async Task<JsonNode> OkAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(body)! : throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
    }
}
