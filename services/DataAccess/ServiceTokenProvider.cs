using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace EdsPlatform.DataAccess;

/// <summary>
/// This service's own access token (client credentials at the identity provider), reused until shortly
/// before it expires: services call governance on their own behalf, never with the user's token.
/// </summary>
public sealed class ServiceTokenProvider(IHttpClientFactory httpFactory, IOptions<DataAccessOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } token && time.GetUtcNow() < _renewAt)
        {
            return token;
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_token is null || time.GetUtcNow() >= _renewAt)
            {
                var settings = options.Value;
                using var http = httpFactory.CreateClient(nameof(ServiceTokenProvider));
                using var response = await http.PostAsync(new Uri(settings.IdentityUrl!, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = settings.ClientId,
                    ["client_secret"] = settings.ClientSecret ?? throw new InvalidOperationException("DataAccess:ClientSecret is not configured."),
                    ["scope"] = "eds-api",
                }), cancellationToken);
                response.EnsureSuccessStatusCode();
                var issued = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                    ?? throw new InvalidOperationException("The identity provider answered no token.");
                _token = issued.AccessToken;
                // Renew at three quarters of the lifetime: a token never expires in flight.
                _renewAt = time.GetUtcNow().AddSeconds(issued.ExpiresIn * 3 / 4);
            }
            return _token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}

/// <summary>Puts the service's token on calls to governance.</summary>
public sealed class ServiceTokenHandler(ServiceTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
