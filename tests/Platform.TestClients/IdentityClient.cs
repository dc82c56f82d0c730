using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace EdsPlatform.Testing;

public sealed record TokenSet(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("id_token")] string? IdToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>Talks OAuth to the real identity provider over HTTP, as a client application would.</summary>
public sealed partial class IdentityClient(Uri identity)
{
    /// <summary>A request that gets no answer fails fast instead of holding a test run for HttpClient's 100 s.</summary>
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(30);

    public const string WebClientId = "web";
    public static readonly string[] WebScopes = ["openid", "profile", "email", "roles", "offline_access", "eds-api"];

    public async Task<HttpResponseMessage> RequestTokenAsync(Dictionary<string, string> form)
    {
        using var http = new HttpClient { Timeout = HttpTimeout };
        return await http.PostAsync(new Uri(identity, "/connect/token"), new FormUrlEncodedContent(form));
    }

    public async Task<TokenSet> ClientCredentialsAsync(string clientId, string secret, string? scope = "eds-api")
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }
        using var response = await RequestTokenAsync(form);
        return await ReadTokensAsync(response);
    }

    /// <summary>Authorization code + PKCE, signing in through the provider's login page like a browser.</summary>
    public async Task<TokenSet> SignInWithCodeFlowAsync(string email, string password, string clientSecret, Uri redirectUri)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = QueryHelpers.AddQueryString(new Uri(identity, "/connect/authorize").ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = WebClientId,
            ["redirect_uri"] = redirectUri.ToString(),
            ["response_type"] = "code",
            ["scope"] = string.Join(' ', WebScopes),
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "test-state",
            ["nonce"] = "test-nonce",
        });
        using var browser = NewBrowser();
        var loginPage = await RedirectTargetAsync(await browser.GetAsync(authorize));
        var callback = await RedirectTargetAsync(await SubmitLoginAsync(browser, loginPage, email, password));
        var code = QueryHelpers.ParseQuery((await RedirectTargetAsync(await browser.GetAsync(callback))).Query)["code"].ToString();
        if (string.IsNullOrEmpty(code))
        {
            throw new InvalidOperationException("The provider returned no authorization code.");
        }
        using var response = await RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
            ["code_verifier"] = verifier,
            ["client_id"] = WebClientId,
            ["client_secret"] = clientSecret,
        });
        return await ReadTokensAsync(response);
    }

    /// <summary>Posts the login form once; returns the response (a redirect when signed in, the page with an error otherwise).</summary>
    public async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient browser, Uri loginPage, string email, string password)
    {
        var page = await browser.GetStringAsync(loginPage);
        var antiforgery = AntiforgeryField().Match(page).Groups[1].Value;
        var returnUrl = QueryHelpers.ParseQuery(loginPage.Query).TryGetValue("ReturnUrl", out var value) ? value.ToString() : "/";
        return await browser.PostAsync(new Uri(identity, "/account/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery),
        }));
    }

    public static HttpClient NewBrowser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { Timeout = HttpTimeout };

    public Uri LoginPage => new(identity, "/account/login");

    private async Task<Uri> RedirectTargetAsync(HttpResponseMessage response)
    {
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is null)
            {
                throw new InvalidOperationException($"Expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            return response.Headers.Location.IsAbsoluteUri ? response.Headers.Location : new Uri(identity, response.Headers.Location);
        }
    }

    private static async Task<TokenSet> ReadTokensAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token request refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<TokenSet>())!;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
