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
