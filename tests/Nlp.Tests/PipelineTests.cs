using EdsPlatform.Nlp.Pipeline;
using EdsPlatform.Nlp.Pipeline.Pseudonymization;

namespace EdsPlatform.Nlp.Tests;

/// <summary>Behaviours a reader of the results relies on, one trap at a time.</summary>
public sealed class PipelineTests
{
    private static readonly ClinicalPipeline Pipeline = ClinicalPipeline.LoadDefault();

    private static readonly DateOnly Note = new(2024, 3, 12);

    private static Entity Find(Analysis analysis, string text) =>
        analysis.Entities.FirstOrDefault(e => e.Text == text) ?? throw new Xunit.Sdk.XunitException($"No entity '{text}' among: {string.Join(" | ", analysis.Entities.Select(e => $"{e.Label}:{e.Text}"))}");

    [Fact]
    public void A_report_gets_sections_codes_qualifiers_posology_measurements_and_dates()
    {
        const string report = "COMPTE RENDU DE CONSULTATION\nPatient : DUPONT Jean, né le 14/02/1951.\n\nMOTIF\nDyspnée d'effort depuis 3 semaines.\n\n"
            + "ANTÉCÉDENTS\nHTA. Infarctus du myocarde en 2015.\nAntécédents familiaux : mère diabétique.\n\nEXAMEN CLINIQUE\n"
            + "TA 178/96 mmHg. Pas de fièvre ni de toux. Suspicion d'insuffisance cardiaque.\n\nTRAITEMENT DE SORTIE\nRamipril 5 mg 1/j. Furosémide 40 mg le matin pendant 7 jours.";
        var analysis = Pipeline.Analyze(report, Note);

        Assert.Equal(["entete", "motif", "antecedents", "antecedents_familiaux", "examen_clinique", "traitement_sortie"], analysis.Sections.Select(s => s.Code));
        Assert.Equal(("history", "I10"), (Find(analysis, "HTA").Assertion, Find(analysis, "HTA").Cim10));
        Assert.Equal("history", Find(analysis, "Infarctus du myocarde").Assertion);
        Assert.Equal("family", Find(analysis, "diabétique").Assertion);
        Assert.True(Find(analysis, "fièvre").Negated && Find(analysis, "toux").Negated);
        Assert.Equal("hypothesis", Find(analysis, "insuffisance cardiaque").Assertion);
        Assert.Equal(("C09AA05", "5 mg", "1/j"), (Find(analysis, "Ramipril").Atc, Find(analysis, "Ramipril").Dose, Find(analysis, "Ramipril").Frequency));
        Assert.Equal(("40 mg", "1/j", "P7D"), (Find(analysis, "Furosémide").Dose, Find(analysis, "Furosémide").Frequency, Find(analysis, "Furosémide").Duration));
        var pressure = Find(analysis, "178/96 mmHg");
        Assert.Equal(("pression artérielle", "mmHg"), (pressure.Norm, pressure.Unit));
        Assert.Equal([178, 96], pressure.Values!);
        Assert.Equal("2024-02-20", Find(analysis, "depuis 3 semaines").Resolved);
        Assert.Equal("1951-02-14", Find(analysis, "14/02/1951").Resolved);
    }

    [Theory]
    [InlineData("Vu le 12 mai.", "2024-05-12")]
    [InlineData("Vu le 12 décembre.", "2023-12-12")]
    [InlineData("Opéré en mars 2023.", "2023-03")]
    [InlineData("Hospitalisé il y a 3 ans.", "2021-03-12")]
    [InlineData("Revu dans 3 mois.", "2024-06-12")]
    [InlineData("Chute hier.", "2024-03-11")]
    [InlineData("Bilan du 12.03.23.", "2023-03-12")]
    [InlineData("Revu le 09/08.", "2024-08-09")]
    public void Dates_are_resolved_against_the_note_date(string text, string resolved) =>
        Assert.Equal(resolved, Assert.Single(Pipeline.Analyze(text, Note).Entities, e => e.Label == EntityLabels.Date).Resolved);

    [Fact]
    public void Impossible_dates_and_odd_text_never_crash()
    {
        Assert.DoesNotContain(Pipeline.Analyze("Vu le 31/06/2023 et le 30/02/2024.", Note).Entities, e => e.Label == EntityLabels.Date);
        foreach (var text in new[] { "le 0/5", "vu le 0 mars", "\u00a0", "’’’", "d'", "«", "1/0", "99999999999999999999 mg", "il y a 999 ans", "🙂 toux 🙂", new string('x', 10_000) })
        {
            Pipeline.Analyze(text, Note, "irm_cerebrale");
            Pipeline.Pseudonymize(text, Note, PseudonymizationMode.Surrogates);
        }
    }

    [Fact]
    public void Surrogates_are_consistent_and_keep_intervals()
    {
        const string text = "M. Lefebvre Paul est venu le 01/03/2024. M. Lefebvre revient le 11/03/2024 ; petit épanchement.";
        var result = Pipeline.Pseudonymize(text, Note, PseudonymizationMode.Surrogates, dateShiftDays: 5);

        Assert.Equal(["NOM", "PRENOM", "DATE", "NOM", "DATE"], result.Entities.Select(e => e.Label));
        Assert.Contains("06/03/2024", result.Text, StringComparison.Ordinal);
        Assert.Contains("16/03/2024", result.Text, StringComparison.Ordinal);
        var surname = result.Text.Split(' ')[1];
        Assert.NotEqual("Lefebvre", surname);
        Assert.Equal(2, result.Text.Split(surname).Length - 1);
        Assert.Contains("petit épanchement", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 51 02 35 238 041 27", true)]
    [InlineData("151023523804127", true)]
    [InlineData("151023523804128", false)]
    [InlineData("2 60 04 2A 123 456 97", false)]
    public void The_NIR_key_is_checked(string nir, bool valid) => Assert.Equal(valid, Nir.IsValid(nir));

    [Fact]
    public void Eponyms_are_not_names()
    {
        var result = Pipeline.Pseudonymize("Mme Durand Alice est suivie pour une maladie de Parkinson, signe de Babinski. Mme Durand va bien.", Note, PseudonymizationMode.Tags);
        Assert.Equal("Mme <NOM> <PRENOM> est suivie pour une maladie de Parkinson, signe de Babinski. Mme <NOM> va bien.", result.Text);
    }

    [Fact]
    public void Brain_mri_template_reads_indication_injection_and_conclusion()
    {
        const string report = "INDICATION :\nCéphalées inhabituelles depuis 2 semaines.\n\nTECHNIQUE :\nSéquences FLAIR, diffusion ; injection de gadolinium non réalisée (insuffisance rénale).\n\n"
            + "CONCLUSION :\nMéningiome frontal droit stable.";
        var template = Pipeline.Analyze(report, Note, "irm_cerebrale").Template!;
        Assert.Equal((true, false, true), ((bool)template["headacheIndication"]!, (bool)template["contrastInjected"]!, (bool)template["abnormal"]!));

        var normal = Pipeline.Analyze("INDICATION :\nBilan de vertiges, pas de céphalées.\nTECHNIQUE :\nT1 après injection de gadotérate.\nCONCLUSION :\nIRM cérébrale normale.", Note, "irm_cerebrale").Template!;
        Assert.Equal((false, true, false), ((bool)normal["headacheIndication"]!, (bool)normal["contrastInjected"]!, (bool)normal["abnormal"]!));
    }
}
