using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace EdsPlatform.IntegrationTests;

/// <summary>The outside check's findings (issue 10): each refused as a user would meet it, through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SecurityTests(PlatformFixture platform)
{
    private readonly GovernanceScenario _governance = new(platform);

    public static TheoryData<string, string, string, string> InvalidTextInBodies() => new()
    {
        // route, body with an invalid character (as JSON escapes), the field the problem must name, the character's name
        { "/api/governance/projects", """{"title": "COVID\u0000", "purpose": "p"}""", "title", "NUL" },
        { "/api/governance/projects", """{"title": "t", "purpose": "a\u0007b"}""", "purpose", "BEL" },
        { "/api/governance/projects", """{"title": "t", "legalBasis": "MR-004\ud800"}""", "legalBasis", "lone surrogate" },
        { "/api/governance/projects", """{"title": "t", "cohortDefinition": "{\"x\": \"\u0000\"}"}""", "cohortDefinition", "NUL inside a nested text" },
        { "/api/governance/projects", """{"title": "t", "members": ["ok@chu-demo.fr", "a\u001bb@chu-demo.fr"]}""", "members[1]", "ESC" },
        { "/api/cohort/definitions/import", """{"ConceptSets": [{"id": 0, "name": "x\u0000"}]}""", "ConceptSets[0].name", "NUL" },
        { "/api/cohort/jobs", """{"definition": {"ConceptSets": [{"id": 0, "name": "x\u0000"}]}, "mode": "count"}""", "definition.ConceptSets[0].name", "NUL" },
        { "/api/cohort/jobs", """{"definition": {"InclusionRules": [{"name": "\udc00"}]}, "mode": "count"}""", "definition.InclusionRules[0].name", "lone surrogate" },
    };

    [Theory]
    [MemberData(nameof(InvalidTextInBodies))]
    public async Task Control_characters_and_lone_surrogates_in_a_body_are_refused_naming_the_field(string route, string body, string field, string what)
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        await using var governancedb = await platform.GovernanceDataSourceAsync();
        var projectsBefore = await Sql.CountAsync(governancedb, "SELECT count(*) FROM governance.request_events");

        using var response = await researcher.SendAsync(HttpMethod.Post, route, null,
            request => request.Content = new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertValidationProblemAsync(response, what);
        Assert.True(problem["errors"]![field] is not null, $"{what}: the problem names {problem["errors"]!.ToJsonString()}, not {field}");
        Assert.Equal(projectsBefore, await Sql.CountAsync(governancedb, "SELECT count(*) FROM governance.request_events"));
    }

    [Theory]
    [InlineData("/api/cohort/concepts?q=ab%00cd", "q")]
    [InlineData("/api/cohort/concepts?q=%01%02", "q")]
    [InlineData("/api/governance/access-decisions?dataset=person%00", "dataset")]
    public async Task Control_characters_in_a_query_string_are_refused_naming_the_parameter(string path, string parameter)
    {
        var steward = await platform.SessionAsync(DemoUsers.DataSteward);
        var problem = await AssertValidationProblemAsync(await steward.GetAsync(path), path);
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task Malformed_json_and_a_null_team_member_are_refused_as_bad_requests()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        using var malformed = await researcher.SendAsync(HttpMethod.Post, "/api/governance/projects", null,
            request => request.Content = new StringContent("""{"title": "t", """, Encoding.UTF8, "application/json"));
        await AssertValidationProblemAsync(malformed, "malformed JSON");

        using var nullMember = await researcher.PostAsync("/api/governance/projects", new { title = "t", members = new string?[] { null } });
        var problem = await AssertValidationProblemAsync(nullMember, "members: [null]");
        Assert.NotNull(problem["errors"]!["members"]);
    }

    [Fact]
    public async Task A_services_failure_shows_no_exception_directly_or_through_the_gateway()
    {
        // Directly: a service on ServiceDefaults, in Development, answers problem details without the exception.
        using (var http = PlatformFixture.NewHttpClient())
        using (var direct = await http.GetAsync(new Uri(platform.Failing.Address, FailingService.Route + "/throw")))
        {
            await AssertNoExceptionAsync(direct);
        }
        // Through the gateway, even a service that writes its stack trace out is masked.
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        foreach (var path in new[] { "/throw", "/raw" })
        {
            using var response = await researcher.GetAsync(FailingService.Route + path);
            var body = await AssertNoExceptionAsync(response);
            Assert.True(response.Headers.Contains("X-Correlation-Id"));
            Assert.Contains(response.Headers.GetValues("X-Correlation-Id").Single(), body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Commands_on_another_teams_project_answer_404_like_reading_it()
    {
        // A project of the admin's own team, submitted: the researcher is not in it.
        var admin = await platform.SessionAsync(DemoUsers.Admin);
        var created = await ApiSession.OkAsync(admin.PostAsync("/api/governance/projects", new
        {
            title = "Another team's project", purpose = "Someone else's.", principalInvestigator = DemoUsers.Admin, members = Array.Empty<string>(),
            legalBasis = "MR-004", datasets = new[] { "person" }, durationDays = 30,
        }));
        var projectId = created["id"]!.GetValue<string>();
        await ApiSession.OkAsync(admin.PostAsync($"/api/governance/projects/{projectId}/submit", null));

        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        using var read = await researcher.GetAsync($"/api/governance/projects/{projectId}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        var notFound = JsonNode.Parse(await read.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        foreach (var attempt in new Func<Task<HttpResponseMessage>>[]
        {
            () => researcher.PutAsync($"/api/governance/projects/{projectId}", GovernanceScenario.Input("Taken over", [DemoUsers.Researcher])),
            () => researcher.PostAsync($"/api/governance/projects/{projectId}/submit", null),
            () => researcher.PostAsync($"/api/governance/projects/{projectId}/close", null),
        })
        {
            using var response = await attempt();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(notFound, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
        }
        Assert.Equal("submitted", (await ApiSession.OkAsync(admin.GetAsync($"/api/governance/projects/{projectId}")))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_user_gets_a_clear_429_beyond_the_limit_of_jobs_waiting_or_running()
    {
        await using var omop = await platform.OmopDataSourceAsync();
        // Five jobs still "cancelling" on a worker that will be heard from for an hour: the user is at the limit.
        var definition = CohortOnEunomiaTests.Definition("celecoxib");
        await using (var insert = omop.CreateCommand($"""
            INSERT INTO cohort_jobs.jobs (owner, kind, payload, payload_sha256, status, claimed_by, heartbeat_at)
            SELECT $1, 'Count', $2::jsonb, 'at-the-limit', 'Cancelling', 'a-busy-worker', now() + interval '1 hour' FROM generate_series(1, 5)
            """))
        {
            insert.Parameters.AddWithValue(DemoUsers.TeamMember);
            insert.Parameters.AddWithValue(definition);
            await insert.ExecuteNonQueryAsync();
        }
        try
        {
            var member = await platform.SessionAsync(DemoUsers.TeamMember);
            using var refused = await member.PostAsync("/api/cohort/jobs", new { definition = JsonNode.Parse(definition), mode = "count" });
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("5 cohort jobs", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // Others are not held back by one user's jobs.
            await ApiSession.OkAsync((await platform.SessionAsync(DemoUsers.Researcher)).PostAsync("/api/cohort/jobs", new { definition = JsonNode.Parse(definition), mode = "count" }));
        }
        finally
        {
            await using var release = omop.CreateCommand("UPDATE cohort_jobs.jobs SET status = 'Cancelled', finished_at = now() WHERE payload_sha256 = 'at-the-limit'");
            await release.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task The_sign_in_pages_stylesheet_is_served()
    {
        using var http = PlatformFixture.NewHttpClient();
        using var response = await http.GetAsync(new Uri(platform.Endpoint(ResourceNames.Identity), "/identity.css"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signing_out_of_the_provider_by_a_plain_link_only_asks_for_confirmation()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = PlatformFixture.HttpTimeout };
        var identity = platform.Endpoint(ResourceNames.Identity);

        var back = Uri.EscapeDataString(new Uri(platform.Endpoint(ResourceNames.Web), "/signout-callback-oidc").ToString());
        using var endSession = await http.GetAsync(new Uri(identity, $"/connect/logout?client_id=web&post_logout_redirect_uri={back}"));
        Assert.Equal(HttpStatusCode.Redirect, endSession.StatusCode);
        Assert.StartsWith("/account/logout", endSession.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain(endSession.Headers.TryGetValues("Set-Cookie", out var cleared) ? cleared : [], c => c.StartsWith("eds.identity=;", StringComparison.Ordinal));

        using var page = await http.GetAsync(new Uri(identity, endSession.Headers.Location!.OriginalString));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\" action=\"/connect/logout\"", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);

        // A forged form post without the antiforgery token is sent back to the confirmation.
        using var forged = await http.PostAsync(new Uri(identity, "/connect/logout"), new FormUrlEncodedContent([]));
        Assert.True(forged.StatusCode == HttpStatusCode.Redirect, $"{(int)forged.StatusCode}: {await forged.Content.ReadAsStringAsync()}");
        Assert.StartsWith("/account/logout", forged.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> AssertValidationProblemAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!;
    }

    private static async Task<string> AssertNoExceptionAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(FailingService.StackTraceMarker, body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", body, StringComparison.Ordinal);
        return body;
    }
}
