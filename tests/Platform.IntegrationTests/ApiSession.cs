using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EdsPlatform.IntegrationTests;

/// <summary>A signed-in user calling the platform's APIs through the gateway with their own access token.</summary>
public sealed class ApiSession(Uri baseAddress, string accessToken)
{
    public string AccessToken => accessToken;

    public Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestMessage>? configure = null) => SendAsync(HttpMethod.Get, path, null, configure);

    public Task<HttpResponseMessage> PostAsync(string path, object? body) => SendAsync(HttpMethod.Post, path, body, null);

    public Task<HttpResponseMessage> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, body, null);

    /// <summary>The JSON body of a request that must succeed (the failure message shows the problem details).</summary>
    public static async Task<JsonNode> OkAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, Action<HttpRequestMessage>? configure)
    {
        using var http = PlatformFixture.NewHttpClient();
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        configure?.Invoke(request);
        return await http.SendAsync(request);
    }
}
