using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdsPlatform.IntegrationTests;

/// <summary>
/// Hostile input on every route of every service, enumerated from the OpenAPI document each service serves in
/// Development (a new service or route is covered without touching this test): malformed JSON, wrong types, NUL
/// and control characters, lone surrogates, 100 KB strings, huge and negative numbers, deep nesting, in bodies,
/// route values and query strings. Never a 5xx; every error is problem details with no exception text in it;
/// and nothing changes in the databases.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class FuzzTests(PlatformFixture platform)
{
    // NUL in a path is refused by Kestrel itself, before any middleware (a bare 400), so it is not among them.
    private static readonly string[] HostileRouteValues = ["-1", "99999999999999999999", "%01", "x'%20OR%201=1--", "00000000-0000-0000-0000-000000000000"];

    private static readonly string[] HostileQueryValues = ["%00", "%01%02", "-1", "99999999999999999999", new string('q', 2_000), "%ED%A0%80"];

    /// <summary>Values given to every property of a body (JSON text).</summary>
    private static readonly string[] HostileValues =
    [
        "\"\\u0000\"", "\"a\\u0001b\"", "\"\\ud800\"", $"\"{new string('x', 100_000)}\"", "1e308", "-1", "99999999999999999999999999",
        "-2147483649", "{}", "[]", "[null]", "true", NestedArrays(100),
    ];

    /// <summary>Whole bodies: malformed, or of the wrong shape.</summary>
    private static readonly string[] HostileBodies = ["{\"a\":", "[", "\"text\"", "12", "null", "[1, 2]", NestedArrays(1_000)];

    [Fact]
    public async Task Every_route_of_every_service_refuses_hostile_input_cleanly_and_changes_nothing()
    {
        var admin = (await platform.SignInAsync(DemoUsers.Admin)).AccessToken;
        var service = (await platform.Identity.ClientCredentialsAsync("platform-services", await platform.ServicesClientSecretAsync())).AccessToken;
        var before = await StateAsync();
        var failures = new List<string>();
        var routes = 0;

        using var http = PlatformFixture.NewHttpClient();
        foreach (var (resource, _, document) in await ServiceContracts.OpenApiDocumentsAsync(platform))
        {
            var baseAddress = platform.Endpoint(resource);
            foreach (var (path, operations) in document["paths"]!.AsObject())
            {
                foreach (var (method, operation) in operations!.AsObject())
                {
                    routes++;
                    var token = path.Contains("/internal/", StringComparison.Ordinal) ? service : admin;
                    foreach (var (url, body) in Requests(path, method, operation!, document))
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), new Uri(baseAddress, url));
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                        if (body is not null)
                        {
                            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                        }
                        using var response = await http.SendAsync(request);
                        if (await ProblemWithAsync(response) is { } problem)
                        {
                            failures.Add($"{resource} {method.ToUpperInvariant()} {url[..Math.Min(url.Length, 120)]} {Describe(body)}: {problem}");
                        }
                    }
                }
            }
        }

        Assert.True(routes >= 20, $"only {routes} routes found in the OpenAPI documents");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(40)));
        Assert.Equal(before, await StateAsync());
    }

    private static IEnumerable<(string Url, string? Body)> Requests(string path, string method, JsonNode operation, JsonNode document)
    {
        var query = (operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>()).ToList();
        var hasBody = method is "post" or "put" or "patch";
        foreach (var value in HostileRouteValues)
        {
            var url = RouteValue().Replace(path, value);
            if (!hasBody)
            {
                yield return (url, null);
                continue;
            }
            foreach (var body in Bodies(operation, document))
            {
                yield return (url, body);
            }
        }
        var valid = RouteValue().Replace(path, Guid.NewGuid().ToString());
        foreach (var parameter in query)
        {
            foreach (var value in HostileQueryValues)
            {
                yield return ($"{valid}?{parameter}={value}", hasBody ? "{}" : null);
            }
        }
    }

    private static IEnumerable<string> Bodies(JsonNode operation, JsonNode document)
    {
        var properties = Properties(operation, document);
        foreach (var value in HostileValues)
        {
            yield return "{" + string.Join(", ", properties.Select(p => $"\"{p}\": {value}")) + "}";
        }
        foreach (var body in HostileBodies)
        {
            yield return body;
        }
    }

    /// <summary>The request body's property names from its schema; a few common ones when the body is free JSON.</summary>
    private static List<string> Properties(JsonNode operation, JsonNode document)
    {
        var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        if (schema?["$ref"]?.GetValue<string>() is { } reference)
        {
            schema = document["components"]!["schemas"]![reference.Split('/')[^1]];
        }
        var names = schema?["properties"]?.AsObject().Select(p => p.Key).ToList() ?? [];
        return names.Count > 0 ? names : ["definition", "mode", "ConceptSets", "PrimaryCriteria", "InclusionRules"];
    }

    /// <summary>Why the answer is wrong, or null: a 5xx, an error that is not problem details, or exception text.</summary>
    private static async Task<string?> ProblemWithAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 500)
        {
            return $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}";
        }
        if ((int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{(int)response.StatusCode} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}";
        }
        return body.Contains("Exception", StringComparison.Ordinal) || body.Contains(".cs:line", StringComparison.Ordinal) || body.Contains("   at ", StringComparison.Ordinal)
            ? $"{(int)response.StatusCode} with exception text: {body[..Math.Min(body.Length, 300)]}"
            : null;
    }

    /// <summary>What a user could have changed: projects' event streams, cohort jobs and cohorts.</summary>
    private async Task<string> StateAsync()
    {
        await using var governancedb = await platform.GovernanceDataSourceAsync();
        await using var omop = await platform.OmopDataSourceAsync();
        return $"events {await Sql.CountAsync(governancedb, "SELECT count(*) FROM governance.request_events")}, " +
            $"jobs {await Sql.CountAsync(omop, "SELECT count(*) FROM cohort_jobs.jobs")}, " +
            $"cohort rows {await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.cohort")}";
    }

    private static string Describe(string? body) => body is null ? "" : body.Length > 80 ? body[..80] + "…" : body;

    private static string NestedArrays(int depth) => new string('[', depth) + new string(']', depth);

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
