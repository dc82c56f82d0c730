using System.Net;
using System.Text.Json.Nodes;
using Npgsql;

namespace EdsPlatform.IntegrationTests;

/// <summary>The cohort service through the gateway: jobs, results with suppression, cancellation, takeover, members under a grant.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CohortServiceTests(PlatformFixture platform)
{
    private readonly GovernanceScenario _governance = new(platform);

    [Fact]
    public async Task A_request_can_wait_for_its_job_and_is_answered_when_it_ends()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        // A definition of its own (its concept set's name), so that no cached result answers at once.
        var definition = JsonNode.Parse(CohortOnEunomiaTests.Definition("celecoxib"))!;
        definition["ConceptSets"]![0]!["name"] = $"celecoxib {Guid.NewGuid():N}";
        var submitted = await ApiSession.OkAsync(researcher.PostAsync("/api/cohort/jobs", new { definition, mode = "count" }));

        var timer = System.Diagnostics.Stopwatch.StartNew();
        var job = await ApiSession.OkAsync(researcher.GetAsync($"/api/cohort/jobs/{submitted["id"]}?wait=5"));
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(5), "answered when the job ended, not at the end of the wait");

        using var refused = await researcher.GetAsync($"/api/cohort/jobs/{submitted["id"]}?wait=60");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("wait", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_count_job_gives_persons_attrition_and_breakdowns_with_small_counts_hidden()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var job = await RunToEndAsync(researcher, CohortOnEunomiaTests.Definition("celecoxibAge40Male"), "count");

        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        var result = job["result"]!;
        await using var omop = await platform.OmopDataSourceAsync();
        var expected = await Sql.CountAsync(omop, $"SELECT count(*) FROM ({EunomiaReferenceQueries.FirstCelecoxibEras}) f WHERE extract(year FROM start_date) - year_of_birth > 40 AND gender_concept_id = 8507");
        Assert.Equal(expected, result["persons"]!["value"]!.GetValue<long>());
        Assert.Equal(["Age > 40", "Gender = MALE"], result["attrition"]!.AsArray().Select(s => s!["rule"]!.GetValue<string>()));
        Assert.Equal(expected, result["attrition"]![1]!["persons"]!["value"]!.GetValue<long>());
        Assert.Equal("MALE", Assert.Single(result["bySex"]!.AsArray())!["key"]!.GetValue<string>());
        Assert.All(result["byAgeBandAndSex"]!.AsArray(), band => Assert.EndsWith("|MALE", band!["key"]!.GetValue<string>(), StringComparison.Ordinal));

        // Exported as ATLAS/Circe JSON, it reads back to the same definition.
        using var export = await researcher.GetAsync($"/api/cohort/jobs/{job["id"]!.GetValue<int>()}/definition");
        var exported = await export.Content.ReadAsStringAsync();
        Assert.Equal(EdsPlatform.Cohort.Definitions.CirceJson.Write(EdsPlatform.Cohort.Definitions.CirceJson.Read(CohortOnEunomiaTests.Definition("celecoxibAge40Male"))), exported);

        var shown = result["byAgeBand"]!.AsArray().Concat(result["byIndexYear"]!.AsArray()).Select(b => b!["persons"]!).ToList();
        Assert.Contains(shown, count => count["display"]!.GetValue<string>() == "<10");
        Assert.All(shown, count =>
        {
            var value = count["value"]?.GetValue<long>();
            Assert.True(value is null ? count["display"]!.GetValue<string>() == "<10" : value is 0 or >= 10, count.ToJsonString());
        });
    }

    [Fact]
    public async Task The_vocabulary_search_finds_concepts_by_name_code_or_id_and_refuses_bad_queries()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        async Task<JsonArray> SearchAsync(string query) => (await ApiSession.OkAsync(researcher.GetAsync("/api/cohort/concepts?" + query))).AsArray();

        var byName = await SearchAsync("q=celeco");
        Assert.Contains(byName, c => c!["conceptId"]!.GetValue<long>() == 1118084 && c["domain"]!.GetValue<string>() == "Drug");
        Assert.All(byName, c => Assert.Contains("celeco", c!["name"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase));
        // Standard concepts come first.
        Assert.True(byName[0]!["isStandard"]!.GetValue<bool>());

        Assert.Equal(1118084, Assert.Single(await SearchAsync("q=1118084"))!["conceptId"]!.GetValue<long>());
        Assert.Contains(await SearchAsync("q=U07.1"), c => c!["conceptId"]!.GetValue<long>() == 2000100001);
        Assert.All(await SearchAsync("q=covid&domain=Condition"), c => Assert.Equal("Condition", c!["domain"]!.GetValue<string>()));
        // % and _ are letters, not wildcards: no concept name holds "%%".
        Assert.Empty(await SearchAsync("q=" + Uri.EscapeDataString("%%")));
        Assert.Empty(await SearchAsync("q=" + Uri.EscapeDataString("x'); DROP TABLE cdm.concept; --")));

        foreach (var bad in new[] { "q=a", "q=celecoxib&domain=Gender", "q=celecoxib&limit=0", "q=celecoxib&limit=1000", "" })
        {
            using var refused = await researcher.GetAsync("/api/cohort/concepts?" + bad);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, bad);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_same_definition_on_the_same_data_is_answered_from_the_cache()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var definition = JsonNode.Parse(CohortOnEunomiaTests.Definition("celecoxibAge40"))!;
        definition["ConceptSets"]![0]!["name"] = $"cache test {Guid.NewGuid():N}"; // a definition no other test computed

        var first = await RunToEndAsync(researcher, definition.ToJsonString(), "count");
        var second = await RunToEndAsync(await platform.SessionAsync(DemoUsers.TeamMember), definition.ToJsonString(), "count");

        Assert.False(first["fromCache"]!.GetValue<bool>());
        Assert.True(second["fromCache"]!.GetValue<bool>());
        Assert.Equal(first["result"]!.ToJsonString(), second["result"]!.ToJsonString());
    }

    [Fact]
    public async Task Text_fields_reach_the_database_as_values_only()
    {
        const string hostile = "x'); DROP TABLE cdm.person; --";
        var definition = JsonNode.Parse(CohortOnEunomiaTests.Definition("celecoxibAge40"))!;
        definition["ConceptSets"]![0]!["name"] = hostile;
        definition["ConceptSets"]![0]!["expression"]!["items"]![0]!["concept"]!["CONCEPT_NAME"] = hostile;
        definition["InclusionRules"]![0]!["name"] = hostile;
        definition["InclusionRules"]![0]!["description"] = hostile;

        var job = await RunToEndAsync(await platform.SessionAsync(DemoUsers.Researcher), definition.ToJsonString(), "count");

        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal(hostile, job["result"]!["attrition"]![0]!["rule"]!.GetValue<string>());
        await using var omop = await platform.OmopDataSourceAsync();
        Assert.True(await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.person") > 0);
    }

    [Fact]
    public async Task An_unsupported_element_is_refused_with_its_path()
    {
        var definition = JsonNode.Parse(CohortOnEunomiaTests.Definition("celecoxib"))!;
        definition["PrimaryCriteria"]!["CriteriaList"]![0]!["DrugEra"]!["EraLength"] = JsonNode.Parse("""{"Value": 30, "Op": "gt"}""");
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);

        foreach (var path in new[] { "/api/cohort/definitions/import", "/api/cohort/jobs" })
        {
            object body = path.EndsWith("import", StringComparison.Ordinal) ? definition : new { definition, mode = "count" };
            using var response = await researcher.PostAsync(path, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("$.PrimaryCriteria.CriteriaList[0].DrugEra.EraLength", problem["path"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_job_without_a_definition_is_refused()
    {
        using var response = await (await platform.SessionAsync(DemoUsers.Researcher)).PostAsync("/api/cohort/jobs", new { mode = "count" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Definitions_run_with_a_role_that_cannot_write()
    {
        var reader = new NpgsqlConnectionStringBuilder(await platform.ConnectionStringAsync(ResourceNames.OmopDatabase))
        {
            Username = "omop_reader",
            Password = await platform.SecretAsync("omop-reader-password"),
        };
        await using var omop = NpgsqlDataSource.Create(reader.ConnectionString);
        Assert.True(await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.drug_era") > 0);
        await using var write = omop.CreateCommand("DELETE FROM cdm.cohort");
        await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task A_running_job_is_cancelled_on_the_server()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        await using var omop = await platform.OmopDataSourceAsync();
        await using var blocker = await omop.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        // The job's first query waits behind this lock: it stays running until cancelled.
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE cdm.drug_era IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        // A definition of its own: no cached result answers it without running.
        var definition = JsonNode.Parse(CohortOnEunomiaTests.Definition("celecoxib"))!;
        definition["ConceptSets"]![0]!["name"] = $"never counted before {Guid.NewGuid()}";
        var submitted = await ApiSession.OkAsync(researcher.PostAsync("/api/cohort/jobs", new { definition, mode = "count" }));
        var id = submitted["id"]!.GetValue<int>();
        await WaitForStatusAsync(researcher, id, "running");

        await ApiSession.OkAsync(researcher.PostAsync($"/api/cohort/jobs/{id}/cancel", null));

        var job = await WaitForStatusAsync(researcher, id, "cancelled");
        Assert.Null(job["result"]);
        await transaction.RollbackAsync();
        Assert.Equal(0, await Sql.CountAsync(omop, $"SELECT count(*) FROM pg_stat_activity WHERE application_name = 'eds-omop-reader' AND state = 'active' AND wait_event_type = 'Lock'"));
    }

    [Fact]
    public async Task Jobs_left_running_by_a_dead_worker_are_taken_over_or_failed_never_left_running()
    {
        await using var omop = await platform.OmopDataSourceAsync();
        var definition = CohortOnEunomiaTests.Definition("celecoxib");
        async Task<int> OrphanAsync(string status, int attempts)
        {
            await using var insert = omop.CreateCommand("""
                INSERT INTO cohort_jobs.jobs (owner, kind, payload, payload_sha256, status, attempts, claimed_by, heartbeat_at)
                VALUES ($1, 'Count', $2::jsonb, 'test', $3, $4, 'a-worker-that-died', now() - interval '1 hour') RETURNING job_id
                """);
            insert.Parameters.AddWithValue(DemoUsers.Researcher);
            insert.Parameters.AddWithValue(definition);
            insert.Parameters.AddWithValue(status);
            insert.Parameters.AddWithValue(attempts);
            return (int)(await insert.ExecuteScalarAsync())!;
        }
        var resumed = await OrphanAsync("Running", 1);
        var exhausted = await OrphanAsync("Running", 3);
        var cancelling = await OrphanAsync("Cancelling", 1);

        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        Assert.Equal("succeeded", (await WaitForStatusAsync(researcher, resumed, "succeeded"))["status"]!.GetValue<string>());
        Assert.Contains("attempts", (await WaitForStatusAsync(researcher, exhausted, "failed"))["error"]!.GetValue<string>(), StringComparison.Ordinal);
        await WaitForStatusAsync(researcher, cancelling, "cancelled");
    }

    [Fact]
    public async Task Members_are_listed_only_from_a_cohort_created_for_the_project_within_its_grant_and_as_its_pseudonyms()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var definition = CohortOnEunomiaTests.Definition("celecoxibAge40Male"); // reads drug_era, observation_period, person
        var approved = await _governance.ApprovedAsync("Cohort with grant", ["drug_era", "observation_period", "person"]);
        var created = await RunToEndAsync(researcher, definition, "create", approved);
        var id = created["id"]!.GetValue<int>();
        Assert.Equal(approved, created["project"]!.GetValue<string>());
        Assert.Equal(created["result"]!["persons"]!["value"]!.GetValue<long>(), created["members"]!["value"]!.GetValue<long>());

        var draft = await _governance.CreateAsync("Cohort without grant");
        await GovernanceScenario.AssertDeniedAsync(await researcher.GetAsync($"/api/cohort/projects/{draft}/jobs/{id}/members"), "notApproved");
        var direct = await platform.DirectSessionAsync(DemoUsers.Researcher, ResourceNames.Cohort);
        await GovernanceScenario.AssertDeniedAsync(await direct.GetAsync($"/api/cohort/projects/{draft}/jobs/{id}/members"), "notApproved");

        var page = await ApiSession.OkAsync(researcher.GetAsync($"/api/cohort/projects/{approved}/jobs/{id}/members?limit=1000"));
        var members = page["members"]!.AsArray();
        Assert.Equal(created["members"]!["value"]!.GetValue<long>(), members.Count);
        Assert.All(members, m => Assert.Matches("^[0-9a-f]{24}$", m!["person"]!.GetValue<string>()));
        // The rest of the team sees the same cohort, as the same pseudonyms.
        var colleague = await ApiSession.OkAsync((await platform.SessionAsync(DemoUsers.TeamMember)).GetAsync($"/api/cohort/projects/{approved}/jobs/{id}/members?limit=1000"));
        Assert.Equal(members.ToJsonString(), colleague["members"]!.ToJsonString());

        // The same cohort, created outside the project, or read by a project whose grant lacks drug_era: refused, with the reason.
        var outside = (await RunToEndAsync(researcher, definition, "create"))["id"]!.GetValue<int>();
        await GovernanceScenario.AssertDeniedAsync(await researcher.GetAsync($"/api/cohort/projects/{approved}/jobs/{outside}/members"), "cohortOutsideProject");
        var narrow = await _governance.ApprovedAsync("Cohort with a narrow grant", ["measurement", "observation_period", "person"]);
        var forNarrow = (await RunToEndAsync(researcher, definition, "create", narrow))["id"]!.GetValue<int>();
        await GovernanceScenario.AssertDeniedAsync(await researcher.GetAsync($"/api/cohort/projects/{narrow}/jobs/{forNarrow}/members"), "datasetNotGranted");
        await GovernanceScenario.AssertDeniedAsync(await researcher.GetAsync($"/api/cohort/projects/{narrow}/jobs/{id}/members"), "cohortOutsideProject");

        var countOnly = await RunToEndAsync(researcher, CohortOnEunomiaTests.Definition("celecoxib"), "count", approved);
        using var noMembers = await researcher.GetAsync($"/api/cohort/projects/{approved}/jobs/{countOnly["id"]!.GetValue<int>()}/members");
        Assert.Equal(HttpStatusCode.NotFound, noMembers.StatusCode);
    }

    [Fact]
    public async Task Someone_elses_cohort_is_answered_like_a_missing_job_and_audited_as_denied()
    {
        // The outside check's attack: a researcher with an approved project tries other people's job ids.
        var stranger = await platform.SessionAsync(DemoUsers.Admin);
        var theirs = (await RunToEndAsync(stranger, CohortOnEunomiaTests.Definition("celecoxib"), "create"))["id"]!.GetValue<int>();
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var approved = await _governance.ApprovedAsync("Cohort id probing", ["drug_era", "observation_period", "person"]);

        async Task<(HttpStatusCode Status, string Detail)> ProbeAsync(int jobId)
        {
            using var response = await researcher.GetAsync($"/api/cohort/projects/{approved}/jobs/{jobId}/members");
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return (response.StatusCode, $"{problem["title"]} / {problem["detail"]} / {problem["reason"]}");
        }
        var other = await ProbeAsync(theirs);
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.Equal(await ProbeAsync(int.MaxValue), other);
        Assert.DoesNotContain(theirs.ToString(System.Globalization.CultureInfo.InvariantCulture), other.Detail, StringComparison.Ordinal);

        await using var governancedb = await platform.GovernanceDataSourceAsync();
        Assert.Equal("Denied/NotFound", await Sql.ScalarAsync<string>(governancedb, $"""
            SELECT outcome || '/' || reason FROM governance.audit_log
            WHERE source = 'cohort' AND actor = '{DemoUsers.Researcher}' AND resource LIKE '%/jobs/{theirs}/members' ORDER BY seq DESC LIMIT 1
            """));
    }

    internal static async Task<JsonNode> RunToEndAsync(ApiSession user, string definition, string mode, string? project = null)
    {
        var submitted = await ApiSession.OkAsync(user.PostAsync("/api/cohort/jobs", new { definition = JsonNode.Parse(definition), mode, project }));
        return await WaitForStatusAsync(user, submitted["id"]!.GetValue<int>(), "succeeded", "failed", "cancelled");
    }

    private static Task<JsonNode> WaitForStatusAsync(ApiSession user, int id, params string[] statuses) =>
        WaitForStatusAsync(user, id, TimeSpan.FromSeconds(60), statuses);

    /// <summary>The job once in one of <paramref name="statuses"/>; answers other than 200 (a service restarting) are waited out too.</summary>
    internal static Task<JsonNode> WaitForStatusAsync(ApiSession user, int id, TimeSpan patience, params string[] statuses) =>
        WaitForStatusAsync(user, $"/api/cohort/jobs/{id}", patience, statuses);

    /// <summary>The job at <paramref name="path"/> (any service's) once in one of <paramref name="statuses"/>.</summary>
    internal static async Task<JsonNode> WaitForStatusAsync(ApiSession user, string path, TimeSpan patience, params string[] statuses)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            using var response = await user.GetAsync(path);
            var job = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())! : null;
            if ((job is not null && statuses.Contains(job["status"]!.GetValue<string>())) || DateTime.UtcNow > deadline)
            {
                Assert.True(job is not null, $"{path}: {(int)response.StatusCode}");
                Assert.True(statuses.Contains(job["status"]!.GetValue<string>()), $"{path} is still {job.ToJsonString()}");
                return job;
            }
            await Task.Delay(200);
        }
    }
}
