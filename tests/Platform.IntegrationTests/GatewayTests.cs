using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EdsPlatform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class GatewayTests(PlatformFixture platform)
{
    private const string TablesRoute = "/api/catalog/tables";
    private const string StewardRoute = "/api/catalog/datasets";

    [Fact]
    public async Task A_valid_token_reaches_the_service_behind_the_gateway()
    {
        var token = (await platform.SignInAsync(DemoUsers.Researcher)).AccessToken;

        using var response = await SendAsync(TablesRoute, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tables = await response.Content.ReadFromJsonAsync<JsonArray>();
        Assert.Contains(tables!, t => t!["name"]!.GetValue<string>() == "person" && t["rows"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task No_token_is_refused_with_problem_details() =>
        await AssertProblemAsync(await SendAsync(TablesRoute, token: null), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = (await platform.Identity.ClientCredentialsAsync(PlatformFixture.ShortLivedClient, PlatformFixture.ShortLivedSecret)).AccessToken;
        using (var fresh = await SendAsync(TablesRoute, token))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var problem = await AssertProblemAsync(await SendAsync(TablesRoute, token), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        // Same client, no "eds-api" scope: the token names no audience of the platform.
        var token = (await platform.Identity.ClientCredentialsAsync("platform-services", await platform.ServicesClientSecretAsync(), scope: null)).AccessToken;
        Assert.DoesNotContain("eds-api", Jwt.Strings(Jwt.Payload(token)["aud"]));

        await AssertProblemAsync(await SendAsync(TablesRoute, token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_identity_token_is_not_an_access_token()
    {
        var idToken = (await platform.SignInAsync(DemoUsers.Researcher)).IdToken!;
        await AssertProblemAsync(await SendAsync(TablesRoute, idToken), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var genuine = (await platform.Identity.ClientCredentialsAsync("platform-services", await platform.ServicesClientSecretAsync())).AccessToken;
        using var forger = RSA.Create(2048);
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "at+jwt", ["kid"] = Jwt.Header(genuine)["kid"]!.GetValue<string>() };
        var payload = Jwt.Payload(genuine);
        payload["iss"] = "http://identity.attacker.example/";
        var signedPart = $"{Jwt.Encode(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Jwt.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()))}";
        var signature = forger.SignData(Encoding.ASCII.GetBytes(signedPart), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        await AssertProblemAsync(await SendAsync(TablesRoute, $"{signedPart}.{Jwt.Encode(signature)}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var token = (await platform.SignInAsync(DemoUsers.Researcher)).AccessToken;
        var tampered = Jwt.WithPayload(token, payload => payload["role"] = new JsonArray("researcher", "admin"));

        await AssertProblemAsync(await SendAsync(StewardRoute, tampered), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(DemoUsers.Researcher, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.CommitteeMember, HttpStatusCode.Forbidden)]
    [InlineData(DemoUsers.DataSteward, HttpStatusCode.OK)]
    [InlineData(DemoUsers.Admin, HttpStatusCode.OK)]
    public async Task A_route_for_data_stewards_admits_their_roles_only(string user, HttpStatusCode expected)
    {
        var token = (await platform.SignInAsync(user)).AccessToken;
        using var response = await SendAsync(StewardRoute, token);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var datasets = await response.Content.ReadFromJsonAsync<JsonArray>();
            Assert.Contains(datasets!, d => d!["dataset"]!.GetValue<string>() == "eunomia-gibleed");
        }
        else
        {
            await AssertProblemAsync(response, expected);
        }
    }

    [Fact]
    public async Task The_service_checks_the_token_again_when_called_directly()
    {
        // Defence in depth: past the gateway (inside the network), the catalog still wants a valid token.
        using var http = PlatformFixture.NewHttpClient();
        http.BaseAddress = platform.Endpoint(ResourceNames.Catalog);
        using var response = await http.GetAsync(TablesRoute);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_is_read()
    {
        var token = (await platform.SignInAsync(DemoUsers.Researcher)).AccessToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(platform.Endpoint(ResourceNames.Gateway), TablesRoute))
        {
            Content = new ByteArrayContent(new byte[2 * 1024 * 1024]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var http = PlatformFixture.NewHttpClient();

        await AssertProblemAsync(await http.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_burst_from_one_user_is_rate_limited()
    {
        var token = (await platform.Identity.ClientCredentialsAsync("platform-services", await platform.ServicesClientSecretAsync())).AccessToken;
        var responses = await Task.WhenAll(Enumerable.Range(0, PlatformFixture.RequestsPerSecondPerUser * 3).Select(_ => SendAsync(TablesRoute, token)));
        try
        {
            var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(limited);
            Assert.NotNull(limited[0].Headers.RetryAfter);
            await AssertProblemAsync(limited[0], HttpStatusCode.TooManyRequests, dispose: false);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // let the bucket refill for the other tests
    }

    [Fact]
    public async Task Responses_carry_a_correlation_id_and_security_headers()
    {
        using var http = PlatformFixture.NewHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(platform.Endpoint(ResourceNames.Gateway), TablesRoute));
        request.Headers.Add("X-Correlation-Id", "case-4711");
        using var response = await http.SendAsync(request);

        Assert.Equal("case-4711", response.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());

        using var unsafeRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(platform.Endpoint(ResourceNames.Gateway), TablesRoute));
        unsafeRequest.Headers.TryAddWithoutValidation("X-Correlation-Id", "bad\u0001value with spaces");
        using var replaced = await http.SendAsync(unsafeRequest);
        Assert.Matches("^[0-9a-f]{32}$", replaced.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task A_service_that_does_not_answer_gives_problem_details_not_an_empty_error()
    {
        var token = (await platform.SignInAsync(DemoUsers.Researcher)).AccessToken;

        var problem = await AssertProblemAsync(await SendAsync(PlatformFixture.UnreachableRoute + "/anything", token), HttpStatusCode.BadGateway);

        Assert.NotNull(problem["detail"]);
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string? token)
    {
        using var http = PlatformFixture.NewHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(platform.Endpoint(ResourceNames.Gateway), path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await http.SendAsync(request);
    }

    private static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, bool dispose = true)
    {
        try
        {
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal((int)expected, problem!["status"]!.GetValue<int>());
            Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
            return problem;
        }
        finally
        {
            if (dispose)
            {
                response.Dispose();
            }
        }
    }
}
