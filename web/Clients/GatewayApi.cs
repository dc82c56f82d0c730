using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdsPlatform.Web.Clients;

/// <summary>An API refusal (RFC 7807), with the field errors of a validation problem.</summary>
public sealed class ApiProblemException(int status, string? title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    : Exception(detail ?? title ?? $"HTTP {status}")
{
    public int Status { get; } = status;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// What every typed client does: call the gateway (never a service directly) with the user's token, read the
/// service's contract types in its wire format, and turn a refusal into an <see cref="ApiProblemException"/>.
/// </summary>
public abstract class GatewayApi(HttpClient http)
{
    protected static string Escape(string value) => Uri.EscapeDataString(value);

    protected Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) => SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    protected Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        SendContentAsync<T>(method, path, body is null ? null : JsonContent.Create(body, options: WireFormat), cancellationToken);

    /// <summary>Sends a body that is not JSON (a multipart upload); the answer is read as for any call.</summary>
    protected async Task<T> SendContentAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
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
