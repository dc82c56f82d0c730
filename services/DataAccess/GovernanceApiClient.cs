using System.Net;
using System.Net.Http.Json;

namespace EdsPlatform.DataAccess;

/// <summary>Governance's service-to-service API (role platform-service).</summary>
public sealed class GovernanceApiClient(IHttpClientFactory httpFactory)
{
    public const string HttpClientName = "governance";

    public async Task<GrantSnapshot> GetSnapshotAsync(string projectId, CancellationToken cancellationToken)
    {
        using var http = httpFactory.CreateClient(HttpClientName);
        using var response = await http.GetAsync($"/api/governance/internal/grants/{Uri.EscapeDataString(projectId)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return GrantSnapshot.Unknown(projectId);
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<GrantSnapshot>(GovernanceJson.Options, cancellationToken)
            ?? throw new InvalidOperationException("Governance answered an empty snapshot.");
    }

    /// <summary>Returns once governance has committed the records to the audit chain.</summary>
    public async Task RecordAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        using var http = httpFactory.CreateClient(HttpClientName);
        using var response = await http.PostAsJsonAsync("/api/governance/internal/audit", records, GovernanceJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The project's pseudonym of each person id, in the same order (how rows leave a data service); no call for
    /// none. Governance refuses without an active grant.
    /// </summary>
    public async Task<IReadOnlyList<string>> PseudonymsAsync(string projectId, IReadOnlyList<long> personIds, CancellationToken cancellationToken)
    {
        if (personIds.Count == 0)
        {
            return [];
        }
        var pseudonyms = await PseudonymiseAsync(projectId, [.. personIds.Distinct()], cancellationToken);
        return [.. personIds.Select(id => pseudonyms[id])];
    }

    /// <summary>The project's pseudonyms of these person ids; governance refuses without an active grant.</summary>
    public async Task<IReadOnlyDictionary<long, string>> PseudonymiseAsync(string projectId, IReadOnlyCollection<long> personIds, CancellationToken cancellationToken)
    {
        using var http = httpFactory.CreateClient(HttpClientName);
        using var response = await http.PostAsJsonAsync($"/api/governance/internal/projects/{Uri.EscapeDataString(projectId)}/pseudonyms",
            new PseudonymRequest([.. personIds]), GovernanceJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<PseudonymResponse>(GovernanceJson.Options, cancellationToken)
            ?? throw new InvalidOperationException("Governance answered no pseudonyms.");
        return answer.Pseudonyms;
    }
}

public sealed record PseudonymRequest(IReadOnlyList<long> PersonIds);

public sealed record PseudonymResponse(IReadOnlyDictionary<long, string> Pseudonyms);

/// <summary>The platform's wire format (camelCase, enums as strings), for calls made outside ASP.NET's pipeline.</summary>
public static class GovernanceJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = Create();

    private static System.Text.Json.JsonSerializerOptions Create()
    {
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        Microsoft.Extensions.Hosting.Extensions.ConfigureJson(options);
        return options;
    }
}
