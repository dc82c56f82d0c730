using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace EdsPlatform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class IdentityProviderTests(PlatformFixture platform)
{
    [Fact]
    public async Task Discovery_names_the_issuer_the_endpoints_and_the_flows()
    {
        using var http = PlatformFixture.NewHttpClient();
        var discovery = await http.GetFromJsonAsync<JsonObject>(new Uri(platform.Endpoint(ResourceNames.Identity), "/.well-known/openid-configuration"));

        Assert.Equal(platform.Endpoint(ResourceNames.Identity).ToString(), discovery!["issuer"]!.GetValue<string>());
        Assert.Contains("authorization_code", Jwt.Strings(discovery["grant_types_supported"]));
        Assert.Contains("client_credentials", Jwt.Strings(discovery["grant_types_supported"]));
        Assert.Contains("refresh_token", Jwt.Strings(discovery["grant_types_supported"]));
        Assert.Contains("S256", Jwt.Strings(discovery["code_challenge_methods_supported"]));
        Assert.NotNull(discovery["jwks_uri"]);
    }

    [Fact]
    public async Task Client_credentials_give_a_signed_access_token_for_the_platform()
    {
        var tokens = await platform.Identity.ClientCredentialsAsync("platform-services", await platform.ServicesClientSecretAsync());

        var header = Jwt.Header(tokens.AccessToken);
        var payload = Jwt.Payload(tokens.AccessToken);
        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        Assert.Equal("at+jwt", header["typ"]!.GetValue<string>());
        Assert.Contains(header["kid"]!.GetValue<string>(), await PublishedKeyIdsAsync());
        Assert.Equal("platform-services", payload["sub"]!.GetValue<string>());
        Assert.Contains("eds-api", Jwt.Strings(payload["aud"]));
    }

    [Fact]
    public async Task A_wrong_client_secret_is_refused()
    {
        using var response = await platform.Identity.RequestTokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "platform-services",
            ["client_secret"] = "not-the-secret",
        });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Code_flow_with_PKCE_signs_a_user_in_with_their_roles_and_refresh_renews_the_tokens()
    {
        var tokens = await platform.SignInAsync(DemoUsers.CommitteeMember);

        var access = Jwt.Payload(tokens.AccessToken);
        Assert.Equal("Hélène Durand", access["name"]!.GetValue<string>());
        Assert.Equal(["committee-member"], Jwt.Strings(access["role"]));
        Assert.NotNull(tokens.IdToken);
        Assert.Equal("web", Jwt.Strings(Jwt.Payload(tokens.IdToken!)["aud"]).Single());
        Assert.NotNull(tokens.RefreshToken);

        using var refreshed = await platform.Identity.RequestTokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.RefreshToken!,
            ["client_id"] = "web",
            ["client_secret"] = await platform.WebClientSecretAsync(),
        });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var renewed = await refreshed.Content.ReadFromJsonAsync<TokenSet>();
        Assert.Equal(access["sub"]!.GetValue<string>(), Jwt.Payload(renewed!.AccessToken)["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_code_cannot_be_exchanged_without_its_PKCE_verifier()
    {
        // Same flow, but the token request omits code_verifier: the provider must refuse.
        using var response = await platform.Identity.RequestTokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = "made-up-code",
            ["redirect_uri"] = platform.WebCallback.ToString(),
            ["client_id"] = "web",
            ["client_secret"] = await platform.WebClientSecretAsync(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Repeated_failed_sign_ins_lock_the_account_even_against_the_right_password()
    {
        var identity = platform.Identity;
        using var browser = IdentityClient.NewBrowser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var failed = await identity.SubmitLoginAsync(browser, identity.LoginPage, DemoUsers.ResearcherForLockout, "Wrong-password-1!");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        using var locked = await identity.SubmitLoginAsync(browser, identity.LoginPage, DemoUsers.ResearcherForLockout, PlatformFixture.DemoPassword);

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode); // the page again, not a redirect into the app
        Assert.Contains("verrouillé", WebUtility.HtmlDecode(await locked.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_keys_are_the_persisted_ones()
    {
        var before = await PublishedKeyIdsAsync();
        await using (var identitydb = NpgsqlDataSource.Create(await platform.ConnectionStringAsync(ResourceNames.IdentityDatabase)))
        {
            await using var command = identitydb.CreateCommand("SELECT \"Id\" FROM signing_keys WHERE \"Use\" = 'sig'");
            var stored = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetString(0));
            }
            // What the provider publishes is what it stored: a restarted or second instance loads the same keys.
            Assert.Equal(stored.Order().ToArray(), before);
        }
    }

    private async Task<string[]> PublishedKeyIdsAsync()
    {
        using var http = PlatformFixture.NewHttpClient();
        var jwks = await http.GetFromJsonAsync<JsonObject>(new Uri(platform.Endpoint(ResourceNames.Identity), "/.well-known/jwks"));
        return jwks!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).Order().ToArray();
    }
}
