using System.Net;
using System.Text.Json.Nodes;

namespace EdsPlatform.IntegrationTests;

/// <summary>The interactions service through the gateway, as the prescription-analysis screen and the warehouse's own codes use it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class InteractionsServiceTests(PlatformFixture platform)
{
    private readonly GovernanceScenario _governance = new(platform);

    [Fact]
    public async Task A_project_screens_the_warehouse_for_co_exposures_counted_like_a_hand_written_query()
    {
        var projectId = await _governance.ApprovedAsync("Pharmacovigilance screening", datasets: ["drug_exposure", "person"]);
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var screenings = $"/api/interactions/projects/{projectId}/screenings";
        var submitted = await ApiSession.OkAsync(researcher.PostAsync(screenings, new { }));
        var job = await CohortServiceTests.WaitForStatusAsync(researcher, $"{screenings}/{submitted["id"]}", TimeSpan.FromSeconds(90), "succeeded", "failed");
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());

        var result = job["result"]!;
        Assert.Equal("2019-09", result["edition"]!.GetValue<string>());
        Assert.True(result["exposures"]!.GetValue<long>() > 0);
        var pairs = result["pairs"]!.AsArray();
        Assert.NotEmpty(pairs);
        // Kardégic 75 mg a day is an antiplatelet dose: aspirin + furosemide does not apply (the thesaurus's PE is for higher doses).
        Assert.DoesNotContain(pairs, p => p!["status"]!.GetValue<string>() == "applies"
            && p["substances"]!.AsArray().Select(s => s!.GetValue<string>()).Order().SequenceEqual(["ACIDE ACETYLSALICYLIQUE", "FUROSEMIDE"]));
        var levels = pairs.Select(p => p!["level"]!.GetValue<string>()).ToList();
        Assert.Equal(levels.OrderByDescending(l => Array.IndexOf(["APEC", "PE", "AD", "CI"], l)), levels);

        // Atenolol (ATC, local concept) and amlodipine (RxNorm): the persons of the pair are those a hand-written overlap query finds.
        var pair = pairs.Single(p => p!["substances"]!.AsArray().Select(s => s!.GetValue<string>()).Order().SequenceEqual(["AMLODIPINE", "ATENOLOL"]))!;
        await using var omop = await platform.OmopDataSourceAsync();
        var expected = await Sql.CountAsync(omop, """
            SELECT count(DISTINCT a.person_id) FROM cdm.drug_exposure a JOIN cdm.drug_exposure b ON b.person_id = a.person_id
              AND a.drug_exposure_start_date <= COALESCE(b.drug_exposure_end_date, b.drug_exposure_start_date)
              AND b.drug_exposure_start_date <= COALESCE(a.drug_exposure_end_date, a.drug_exposure_start_date)
            WHERE a.drug_concept_id = 2000200005 AND b.drug_concept_id = 1332418
            """);
        Assert.True(expected > 0);
        var members = await ApiSession.OkAsync(researcher.GetAsync($"{screenings}/{submitted["id"]}/pairs/{pair["index"]}/members?limit=1000"));
        var pseudonyms = members["members"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Equal(expected, pseudonyms.Count);
        Assert.Equal(expected >= 10 ? expected.ToString(System.Globalization.CultureInfo.InvariantCulture) : "<10", pair["persons"]!["display"]!.GetValue<string>());
        Assert.DoesNotContain(pseudonyms, p => long.TryParse(p, out _));
    }

    [Fact]
    public async Task A_screening_can_be_restricted_to_a_cohort_created_for_the_project_and_only_to_one()
    {
        var projectId = await _governance.ApprovedAsync("Screening a cohort", datasets: ["drug_exposure", "drug_era", "observation_period", "person"]);
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var definition = CohortOnEunomiaTests.Definition("celecoxib");
        var cohort = (await CohortServiceTests.RunToEndAsync(researcher, definition, "create", projectId))["id"]!.GetValue<int>();
        var elsewhere = (await CohortServiceTests.RunToEndAsync(researcher, definition, "create"))["id"]!.GetValue<int>();
        var screenings = $"/api/interactions/projects/{projectId}/screenings";

        using (var refused = await researcher.PostAsync(screenings, new { cohort = elsewhere }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("cohort", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
        }
        var submitted = await ApiSession.OkAsync(researcher.PostAsync(screenings, new { cohort }));
        var job = await CohortServiceTests.WaitForStatusAsync(researcher, $"{screenings}/{submitted["id"]}", TimeSpan.FromSeconds(90), "succeeded", "failed");
        Assert.Equal(cohort, job["result"]!["cohort"]!.GetValue<int>());
        await using var omop = await platform.OmopDataSourceAsync();
        var members = await Sql.CountAsync(omop, $"""
            SELECT count(*) FROM cdm.drug_exposure d WHERE d.drug_concept_id <> 0
              AND EXISTS (SELECT 1 FROM cdm.cohort c WHERE c.cohort_definition_id = {cohort} AND c.subject_id = d.person_id)
            """);
        Assert.True(members > 0);
        Assert.Equal(members, job["result"]!["exposures"]!.GetValue<long>());
    }

    [Fact]
    public async Task Screening_needs_the_drug_exposure_grant_and_refuses_bad_requests()
    {
        var withoutDrugs = await _governance.ApprovedAsync("Without drug exposures");
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        await GovernanceScenario.AssertDeniedAsync(await researcher.PostAsync($"/api/interactions/projects/{withoutDrugs}/screenings", new { }), "datasetNotGranted");
        var direct = await platform.DirectSessionAsync(DemoUsers.Researcher, ResourceNames.Interactions);
        await GovernanceScenario.AssertDeniedAsync(await direct.PostAsync($"/api/interactions/projects/{withoutDrugs}/screenings", new { }), "datasetNotGranted");

        var projectId = await _governance.ApprovedAsync("Screening with bad requests", datasets: ["drug_exposure"]);
        foreach (var (body, field) in new (object, string)[]
        {
            (new { minLevel = "XX" }, "minLevel"),
            (new { substances = new[] { "not a drug at all" } }, "substances[0]"),
            (new { from = "2022-01-01", to = "2021-01-01" }, "to"),
            (new { edition = "1999-01" }, "edition"),
        })
        {
            using var response = await researcher.PostAsync($"/api/interactions/projects/{projectId}/screenings", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
        }
        using var missing = await researcher.GetAsync($"/api/interactions/projects/{projectId}/screenings/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_six_line_prescription_is_analysed_through_the_gateway_with_the_edition_named()
    {
        var clinician = await platform.SessionAsync(DemoUsers.Researcher);
        var analysis = await ApiSession.OkAsync(clinician.PostAsync("/api/interactions/analyses", new
        {
            lines = new object[]
            {
                new { drug = "aténolol", dose = 50, unit = "mg", perDay = 50 },
                new { drug = "amlodipine", dose = 5, unit = "mg", perDay = 5 },
                new { drug = "Kardégic", dose = 75, unit = "mg", perDay = 75 },
                new { drug = "furosémide", dose = 20, unit = "mg", perDay = 20 },
                new { drug = "diclofénac 1 % gel", route = "cutanée" },
                new { drug = "lansoprazole", dose = 30, unit = "mg", perDay = 30 },
            },
        }));

        Assert.Equal("2019-09", analysis["edition"]!.GetValue<string>());
        var interactions = analysis["interactions"]!.AsArray();
        string? LevelOf(int a, int b) => interactions.Single(i => i!["lines"]![0]!.GetValue<int>() == a && i["lines"]![1]!.GetValue<int>() == b)!["level"]?.GetValue<string>();
        Assert.Equal("APEC", LevelOf(1, 2));
        Assert.Equal("APEC", LevelOf(3, 5));
        Assert.Null(LevelOf(3, 4)); // not applicable at 75 mg a day
        Assert.DoesNotContain(interactions, i => i!["lines"]!.AsArray().Any(l => l!.GetValue<int>() == 6));
        Assert.Contains(analysis["effectsByOrganSystem"]!.AsArray(), o => o!["organSystem"]!.GetValue<string>() == "vascular");
    }

    [Fact]
    public async Task Drugs_given_as_warehouse_concept_ids_are_read_in_its_vocabulary()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        // RxNorm "aspirin" (Eunomia) at an anti-inflammatory dose, and the synthetic hospital's ATC furosemide.
        var analysis = await ApiSession.OkAsync(researcher.PostAsync("/api/interactions/analyses", new
        {
            lines = new object[] { new { drug = "1112807", dose = 1, unit = "g", perDay = 3 }, new { drug = "2000200004" } },
        }));

        var lines = analysis["lines"]!.AsArray();
        Assert.Equal("ACIDE ACETYLSALICYLIQUE", lines[0]!["substances"]![0]!.GetValue<string>());
        Assert.Equal("FUROSEMIDE", lines[1]!["substances"]![0]!.GetValue<string>());
        Assert.Contains("OMOP concept 1112807", lines[0]!["how"]!.GetValue<string>(), StringComparison.Ordinal);
        var pair = Assert.Single(analysis["interactions"]!.AsArray());
        Assert.Equal(("PE", "applies"), (pair!["level"]!.GetValue<string>(), pair["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Bad_prescriptions_are_refused_and_unknown_drugs_answered()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        foreach (var body in new object[]
        {
            new { lines = Array.Empty<object>() },
            new { lines = Enumerable.Range(0, 500).Select(i => new { drug = "paracétamol" }).ToArray() },
            new { lines = new object[] { new { drug = "paracétamol", dose = -5 } } },
            new { lines = new object[] { new { drug = "paracétamol", unit = "barrels" } } },
            new { lines = new object[] { new { drug = "" } } },
            new { lines = new object[] { new { drug = "paracétamol" } }, edition = "1999-01" },
        })
        {
            using var refused = await researcher.PostAsync("/api/interactions/analyses", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        var unknown = await ApiSession.OkAsync(researcher.PostAsync("/api/interactions/analyses", new { lines = new object[] { new { drug = "xyzzyl" }, new { drug = "furosémide" } } }));
        Assert.Equal("unrecognised", unknown["lines"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Substances_are_found_by_name_and_brand_for_autocomplete()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var found = (await ApiSession.OkAsync(researcher.GetAsync("/api/interactions/substances?q=kardeg"))).AsArray();
        Assert.Contains(found, m => m!["substance"]!.GetValue<string>() == "ACIDE ACETYLSALICYLIQUE");
        var editions = (await ApiSession.OkAsync(researcher.GetAsync("/api/interactions/editions"))).AsArray();
        Assert.True(editions[0]!["current"]!.GetValue<bool>());
        Assert.True(editions[0]!["pairs"]!.GetValue<int>() > 40_000);
    }
}
