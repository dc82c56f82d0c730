using System.Net;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace EdsPlatform.IntegrationTests;

/// <summary>The NLP service through the gateway: analysis, qualification and pseudonymisation of the caller's own text.</summary>
[Collection(PlatformCollection.Name)]
public sealed class NlpServiceTests(PlatformFixture platform)
{
    private const string Report = """
        COMPTE RENDU DE CONSULTATION
        Patient : DUPONT Jean, né le 14/02/1951. IPP : 8004512397. Tél : 06 12 34 56 78.

        MOTIF
        Dyspnée d'effort depuis 3 semaines.

        ANTÉCÉDENTS
        HTA. Infarctus du myocarde en 2015.
        Antécédents familiaux : mère diabétique.

        EXAMEN CLINIQUE
        TA 178/96 mmHg. Pas de fièvre ni de toux. Suspicion d'insuffisance cardiaque.

        TRAITEMENT DE SORTIE
        Ramipril 5 mg 1/j. Furosémide 40 mg le matin pendant 7 jours.
        """;

    private const string System = "eds-platform-nlp 1.0";

    [Fact]
    public async Task A_project_extracts_the_notes_into_NOTE_NLP_browses_them_pseudonymised_and_a_second_run_replaces_rather_than_adds()
    {
        var projectId = await new GovernanceScenario(platform).ApprovedAsync("Notes extraction", datasets: ["note"]);
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var extractions = $"/api/nlp/projects/{projectId}/extractions";
        var submitted = await ApiSession.OkAsync(researcher.PostAsync(extractions, new { }));
        var job = await CohortServiceTests.WaitForStatusAsync(researcher, $"{extractions}/{submitted["id"]}", TimeSpan.FromSeconds(120), "succeeded", "failed");
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());

        await using var omop = await platform.OmopDataSourceAsync();
        var notes = await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.note");
        var rows = await Sql.CountAsync(omop, $"SELECT count(*) FROM cdm.note_nlp WHERE nlp_system = '{System}'");
        Assert.True(notes > 0);
        Assert.Equal(notes, job["result"]!["notes"]!.GetValue<long>());
        Assert.Equal(rows, job["result"]!["rows"]!.GetValue<long>());
        // term_exists is Y only for affirmed facts about the patient; diagnoses carry the vocabulary's concepts.
        Assert.True(await Sql.CountAsync(omop, $"SELECT count(*) FROM cdm.note_nlp WHERE nlp_system = '{System}' AND term_modifiers LIKE '%negated=true%'") > 0);
        Assert.Equal(0, await Sql.CountAsync(omop, $"SELECT count(*) FROM cdm.note_nlp WHERE term_exists = 'Y' AND (term_modifiers LIKE '%negated=true%' OR term_modifiers LIKE '%family=true%')"));
        Assert.True(await Sql.CountAsync(omop, $"SELECT count(*) FROM cdm.note_nlp WHERE term_modifiers LIKE 'label=diagnosis;%' AND note_nlp_source_concept_id IS NOT NULL AND note_nlp_concept_id IS NOT NULL") > 0);

        var page = await ApiSession.OkAsync(researcher.GetAsync($"{extractions}/{submitted["id"]}/rows?limit=200"));
        var browsed = page["rows"]!.AsArray();
        Assert.NotEmpty(browsed);
        Assert.All(browsed, row => Assert.Matches("^[0-9a-f]{24}$", row!["person"]!.GetValue<string>()));
        Assert.All(browsed, row => Assert.Contains(row!["label"]!.GetValue<string>(), new[] { "diagnosis", "drug", "measurement" }));
        var texts = (await ApiSession.OkAsync(researcher.GetAsync($"{extractions}/{submitted["id"]}/notes?limit=20")))["notes"]!.AsArray();
        Assert.NotEmpty(texts);
        Assert.Contains(texts, note => note!["text"]!.GetValue<string>().Contains("<DATE", StringComparison.Ordinal));

        // The data steward's whole-warehouse run, in two shards, replaces this system's rows of each note: the table does not grow.
        var steward = await platform.SessionAsync(DemoUsers.DataSteward);
        var shards = (await ApiSession.OkAsync(steward.PostAsync("/api/nlp/extractions", new { shards = 2 }))).AsArray();
        Assert.Equal(2, shards.Count);
        var extracted = 0L;
        foreach (var shard in shards)
        {
            var done = await CohortServiceTests.WaitForStatusAsync(steward, $"/api/nlp/extractions/{shard!["id"]}", TimeSpan.FromSeconds(120), "succeeded", "failed");
            extracted += done["result"]!["notes"]!.GetValue<long>();
        }
        Assert.Equal(notes, extracted);
        Assert.Equal(rows, await Sql.CountAsync(omop, $"SELECT count(*) FROM cdm.note_nlp WHERE nlp_system = '{System}'"));

        // A cohort of patients whose notes affirm COVID-19 (the platform's NOTE_NLP criterion) counts what a hand-written query counts.
        var cohort = await CohortServiceTests.RunToEndAsync(researcher, """
            {
              "ConceptSets": [ { "id": 0, "name": "COVID-19", "expression": { "items": [ { "concept": { "CONCEPT_ID": 2000100001 } } ] } } ],
              "PrimaryCriteria": { "CriteriaList": [ { "NoteNlp": { "CodesetId": 0, "TermExists": "Y" } } ], "ObservationWindow": { "PriorDays": 0, "PostDays": 0 } }
            }
            """, "count");
        var expected = await Sql.CountAsync(omop, """
            SELECT count(DISTINCT n.person_id) FROM cdm.note_nlp x JOIN cdm.note n ON n.note_id = x.note_id
            JOIN cdm.observation_period op ON op.person_id = n.person_id AND n.note_date BETWEEN op.observation_period_start_date AND op.observation_period_end_date
            WHERE x.note_nlp_concept_id = 2000100001 AND x.term_exists = 'Y'
            """);
        Assert.True(expected > 0);
        Assert.Equal(expected >= 10 ? expected.ToString(global::System.Globalization.CultureInfo.InvariantCulture) : "<10",
            cohort["result"]!["persons"]!["display"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_warehouse_vocabulary_s_own_labels_join_the_lexicon_at_start()
    {
        // "… avec atteinte d'organes ou de systèmes" (M32.1) is the warehouse's label, not the shipped lexicon's.
        const string label = "Lupus érythémateux disséminé avec atteinte d'organes ou de systèmes";
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var analysis = await ApiSession.OkAsync(researcher.PostAsync("/api/nlp/analyze", new { text = $"Diagnostic : {label}.", noteDate = "2024-03-12" }));
        var lupus = analysis["entities"]!.AsArray().Single(e => e!["label"]!.GetValue<string>() == "diagnosis")!;
        Assert.Equal((label, "M32.1"), (lupus["text"]!.GetValue<string>(), lupus["cim10"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Extraction_needs_the_note_grant_and_the_whole_warehouse_a_data_steward()
    {
        var withoutNotes = await new GovernanceScenario(platform).ApprovedAsync("Extraction without notes");
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        await GovernanceScenario.AssertDeniedAsync(await researcher.PostAsync($"/api/nlp/projects/{withoutNotes}/extractions", new { }), "datasetNotGranted");
        var direct = await platform.DirectSessionAsync(DemoUsers.Researcher, ResourceNames.Nlp);
        await GovernanceScenario.AssertDeniedAsync(await direct.PostAsync($"/api/nlp/projects/{withoutNotes}/extractions", new { }), "datasetNotGranted");
        using (var forbidden = await researcher.PostAsync("/api/nlp/extractions", new { }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        var projectId = await new GovernanceScenario(platform).ApprovedAsync("Extraction with a bad period", datasets: ["note"]);
        using var bad = await researcher.PostAsync($"/api/nlp/projects/{projectId}/extractions", new { from = "2022-01-01", to = "2021-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("to", JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_report_is_analysed_with_sections_codes_qualifiers_and_posology()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var analysis = await ApiSession.OkAsync(researcher.PostAsync("/api/nlp/analyze", new { text = Report, noteDate = "2024-03-12" }));

        var sections = analysis["sections"]!.AsArray().Select(s => s!["code"]!.GetValue<string>()).ToList();
        Assert.Equal(["entete", "motif", "antecedents", "antecedents_familiaux", "examen_clinique", "traitement_sortie"], sections);
        var entities = analysis["entities"]!.AsArray().Select(e => e!.AsObject()).ToList();
        JsonObject Find(string text) => entities.First(e => e["text"]!.GetValue<string>() == text);
        Assert.Equal(("history", "I10", "antecedents"), (Find("HTA")["assertion"]!.GetValue<string>(), Find("HTA")["cim10"]!.GetValue<string>(), Find("HTA")["section"]!.GetValue<string>()));
        Assert.Equal("family", Find("diabétique")["assertion"]!.GetValue<string>());
        Assert.True(Find("fièvre")["negated"]!.GetValue<bool>());
        Assert.True(Find("toux")["negated"]!.GetValue<bool>());
        Assert.Equal("hypothesis", Find("insuffisance cardiaque")["assertion"]!.GetValue<string>());
        Assert.Contains(Find("insuffisance cardiaque")["cues"]!.AsArray(), c => c!["text"]!.GetValue<string>() == "Suspicion d'");
        var ramipril = Find("Ramipril");
        Assert.Equal(("C09AA05", "5 mg", "1/j"), (ramipril["atc"]!.GetValue<string>(), ramipril["dose"]!.GetValue<string>(), ramipril["frequency"]!.GetValue<string>()));
        Assert.Equal("P7D", Find("Furosémide")["duration"]!.GetValue<string>());
        var pressure = Find("178/96 mmHg");
        Assert.Equal(("mmHg", "pression artérielle"), (pressure["unit"]!.GetValue<string>(), pressure["norm"]!.GetValue<string>()));
        Assert.Equal("2024-02-20", Find("depuis 3 semaines")["resolved"]!.GetValue<string>());
        // Offsets are UTF-16 indices into the text sent.
        Assert.All(entities, e => Assert.Equal(e["text"]!.GetValue<string>(), Report[e["start"]!.GetValue<int>()..e["end"]!.GetValue<int>()]));
    }

    [Fact]
    public async Task Spans_are_qualified_and_reports_pseudonymised_without_the_text_reaching_any_log()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var marker = $"Zorglub{Guid.NewGuid():N}"[..20];
        var text = $"Selon sa fille, {marker} n'a pas de fièvre.";
        var qualified = await ApiSession.OkAsync(researcher.PostAsync("/api/nlp/qualify", new { text, spans = new[] { new { start = text.IndexOf("fièvre", StringComparison.Ordinal), end = text.IndexOf("fièvre", StringComparison.Ordinal) + 6 } } }));
        var span = qualified["spans"]![0]!;
        Assert.Equal((true, true, false), (span["negated"]!.GetValue<bool>(), span["reportedSpeech"]!.GetValue<bool>(), span["family"]!.GetValue<bool>()));

        var letter = $"Patiente : Mme Petit Claire, née le 03/04/1960.\nMme Petit présente un petit nodule. NIR 2 60 04 75 123 456 65. Contact : {marker}@exemple.org";
        var tagged = await ApiSession.OkAsync(researcher.PostAsync("/api/nlp/pseudonymize", new { text = letter, noteDate = "2024-03-12", mode = "tags" }));
        Assert.Equal("Patiente : Mme <NOM> <PRENOM>, née le <DATE_NAISSANCE>.\nMme <NOM> présente un petit nodule. NIR <SECU>. Contact : <MAIL>", tagged["text"]!.GetValue<string>());
        var surrogates = await ApiSession.OkAsync(researcher.PostAsync("/api/nlp/pseudonymize", new { text = letter, noteDate = "2024-03-12", mode = "surrogates", dateShiftDays = 10 }));
        var replaced = surrogates["text"]!.GetValue<string>();
        Assert.DoesNotContain("Petit C", replaced, StringComparison.Ordinal);
        Assert.Contains("13/04/1960", replaced, StringComparison.Ordinal);
        Assert.Contains("un petit nodule", replaced, StringComparison.Ordinal);

        // Refused texts are not echoed either.
        using var bad = await researcher.PostAsync("/api/nlp/analyze", new { text = marker, noteDate = "2024-02-30" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.DoesNotContain(marker, await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var logs = platform.App.Services.GetRequiredService<ResourceLoggerService>();
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var resource in model.Resources.Where(r => r.Name is ResourceNames.Nlp or ResourceNames.Gateway))
        {
            using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var lines = new List<string>();
            try
            {
                await foreach (var batch in logs.WatchAsync(resource).WithCancellation(enough.Token))
                {
                    lines.AddRange(batch.Select(l => l.Content));
                }
            }
            catch (OperationCanceledException)
            {
                // The log stream never ends; two seconds is its backlog and more.
            }
            Assert.NotEmpty(lines);
            Assert.DoesNotContain(lines, l => l.Contains(marker, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Bad_input_is_refused_with_problem_details()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        foreach (var (path, body, field) in new (string, object, string)[]
        {
            ("/api/nlp/analyze", new { text = "" }, "text"),
            ("/api/nlp/analyze", new { text = "Toux.", noteDate = "12/03/2024" }, "noteDate"),
            ("/api/nlp/analyze", new { text = "Toux.", documentType = "irm_genou" }, "documentType"),
            ("/api/nlp/qualify", new { text = "Toux.", spans = new[] { new { start = 2, end = 40 } } }, "spans[0]"),
            ("/api/nlp/qualify", new { text = "Toux.", spans = Array.Empty<object>() }, "spans"),
            ("/api/nlp/pseudonymize", new { text = "Toux.", mode = "hash" }, "mode"),
            ("/api/nlp/analyze/batch", new { texts = new object?[] { new { text = "Toux." }, null } }, "texts[1]"),
        })
        {
            using var response = await researcher.PostAsync(path, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.NotNull(problem["errors"]![field]);
        }
        using var huge = await researcher.PostAsync("/api/nlp/analyze", new { text = new string('a', 200_001) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        using var impossible = await researcher.PostAsync("/api/nlp/analyze", new { text = "Vu le 31/06/2023 pour une toux.", noteDate = "2024-01-01" });
        Assert.Equal(HttpStatusCode.OK, impossible.StatusCode);
    }
}
