using EdsPlatform.Interactions.Engine;

namespace EdsPlatform.Interactions.Tests;

/// <summary>The hospital's six-line prescription screen, with and without doses.</summary>
public class PrescriptionTests
{
    private static readonly PrescriptionLine[] SixLines =
    [
        new("aténolol 50 mg"), new("amlodipine 5 mg"), new("Kardégic 75 mg"), new("furosémide 20 mg"), new("diclofénac 1 % gel"), new("lansoprazole 30 mg"),
    ];

    [Fact]
    public void Every_line_is_resolved_to_its_substance()
    {
        var lines = Engine.Analyse(SixLines).Lines;

        Assert.All(lines, line => Assert.Equal(Resolution.Resolved, line.Status));
        Assert.Equal(["ATENOLOL", "AMLODIPINE", "ACIDE ACETYLSALICYLIQUE", "FUROSEMIDE", "DICLOFENAC", "LANSOPRAZOLE"], lines.Select(l => l.Substances.Single()));
        Assert.Equal(Route.Cutaneous, lines[4].Route);
        Assert.Contains("brand name KARDEGIC", lines[2].How, StringComparison.Ordinal);
    }

    [Fact]
    public void Atenolol_and_amlodipine_are_to_take_into_account_through_their_classes()
    {
        var pair = Pair(Engine.Analyse(SixLines), 1, 2);

        Assert.Equal("APEC", pair.Level);
        Assert.Equal("applies", pair.Status);
        Assert.Contains(pair.Entries, e => e.First.StartsWith("BETA-BLOQUANTS", StringComparison.Ordinal) && e.Second == "DIHYDROPYRIDINES");
    }

    [Fact]
    public void Kardegic_at_75_mg_a_day_is_an_antiplatelet_dose()
    {
        var lines = SixLines.ToArray();
        lines[2] = new PrescriptionLine("Kardégic", Dose: 75, Unit: "mg", PerDay: 75);
        var result = Engine.Analyse(lines);

        // Aspirin + diuretics: a precaution only at anti-inflammatory or analgesic doses.
        var furosemide = Pair(result, 3, 4);
        Assert.Equal("notApplicableAtThisDose", furosemide.Status);
        Assert.Null(furosemide.Level);
        Assert.Contains(furosemide.Levels, l => l.Level == "PE" && l.Applies == false);
        // Aspirin + NSAIDs: not recommended at high doses, to take into account at antiplatelet ones.
        var diclofenac = Pair(result, 3, 5);
        Assert.Equal(("APEC", "applies"), (diclofenac.Level, diclofenac.Status));
        Assert.Contains(diclofenac.Levels, l => l.Level == "AD" && l.Applies == false);
        // The gel: low systemic exposure is noted, the level stands.
        Assert.Contains(diclofenac.Notes, n => n.Contains("skin", StringComparison.Ordinal));
    }

    [Fact]
    public void Aspirin_at_anti_inflammatory_doses_makes_both_entries_apply()
    {
        var result = Engine.Analyse(new("acide acétylsalicylique", Dose: 1, Unit: "g", PerDay: 3), new("furosémide"), new("diclofénac"));

        Assert.Equal(("PE", "applies"), (Pair(result, 1, 2).Level, Pair(result, 1, 2).Status));
        Assert.Equal(("AD", "applies"), (Pair(result, 1, 3).Level, Pair(result, 1, 3).Status));
        Assert.Equal("AD", result.Interactions[0].Level); // sorted by severity
    }

    [Fact]
    public void Without_a_dose_every_level_is_reported_with_its_condition_and_the_highest_is_the_headline()
    {
        var result = Engine.Analyse(new("aspirine"), new("diclofénac"));

        var pair = Pair(result, 1, 2);
        Assert.Equal(("AD", "conditional"), (pair.Level, pair.Status));
        Assert.Contains(pair.Levels, l => l.Level == "APEC" && l.Applies is null && l.Condition.Contains("antiagregantes", StringComparison.Ordinal));
    }

    [Fact]
    public void Lansoprazole_interacts_with_none_of_the_other_lines()
    {
        Assert.DoesNotContain(Engine.Analyse(SixLines).Interactions, i => i.Lines.Contains(6));
    }

    [Fact]
    public void Every_level_of_the_thesaurus_is_reported()
    {
        Assert.Equal("CI", Single(new("acitrétine"), new("alcool")).Level);
        Assert.Equal("AD", Single(new("lansoprazole"), new("atazanavir")).Level);
        Assert.Equal("APEC", Single(new("cyanocobalamine"), new("lansoprazole")).Level);
        Assert.Equal("PE", Single(new("aspirine", Dose: 1000), new("furosémide")).Level);
    }

    [Fact]
    public void An_entry_that_names_a_route_applies_only_by_that_route()
    {
        // "ADRENALINE (VOIE BUCCO-DENTAIRE OU SOUS-CUTANEE)" + halogenated anaesthetics.
        var entry = Engine.Analyzer.Edition.Entries.First(e => e.First.StartsWith("ADRENALINE (VOIE", StringComparison.Ordinal) || e.Second.StartsWith("ADRENALINE (VOIE", StringComparison.Ordinal));
        var partner = Engine.Analyzer.Edition.Members(entry.First.StartsWith("ADRENALINE", StringComparison.Ordinal) ? entry.Second : entry.First)[0];

        Assert.Equal("applies", Single(new("adrénaline", Route: "sous-cutanée"), new(partner)).Status);
        Assert.Equal("notApplicableByRoute", Single(new("adrénaline", Route: "nasale"), new(partner)).Status);
        Assert.Equal("conditional", Single(new("adrénaline"), new(partner)).Status);
    }

    [Fact]
    public void Unrecognised_drugs_are_answered_never_skipped()
    {
        var result = Engine.Analyse(new("xyzzyl 10 mg"), new("furosémide"), new("paracétamol"));

        Assert.Equal(Resolution.Unrecognised, result.Lines[0].Status);
        Assert.Equal(3, result.Lines.Count);
        Assert.Empty(result.Interactions);
    }

    [Fact]
    public void The_same_substance_twice_is_a_duplication()
    {
        var result = Engine.Analyse(new("Doliprane 1 g"), new("paracétamol 500 mg"));

        Assert.Contains(result.Duplicates, d => d.Lines.SequenceEqual([1, 2]));
    }

    [Fact]
    public void Adverse_effects_add_up_by_organ_system()
    {
        var result = Engine.Analyse(new("aténolol"), new("amlodipine"), new("furosémide"), new("diclofénac"));

        var vascular = result.EffectsByOrganSystem.Single(o => o.OrganSystem == "vascular");
        var hypotension = vascular.Effects.Single(e => e.Effect == "hypotension");
        Assert.True(hypotension.Cumulative);
        Assert.Equal([1, 2, 3], hypotension.Lines);
        Assert.Contains(result.EffectsByOrganSystem, o => o.OrganSystem == "cardiac" && o.Effects.Any(e => e.Effect == "bradycardia" && e.Lines.SequenceEqual([1])));
    }

    [Theory]
    [InlineData("B01AC06", "ACIDE ACETYLSALICYLIQUE")]
    [InlineData("amlodipine bésilate", "AMLODIPINE")]
    [InlineData("Acetaminophen", "PARACETAMOL")]
    [InlineData("NAPROXEN", "NAPROXENE")]
    [InlineData("LASILIX 40mg", "FUROSEMIDE")]
    public void Drugs_are_resolved_by_name_salt_brand_ATC_code_or_English_name(string drug, string substance) =>
        Assert.Equal(substance, Engine.Analyzer.Resolver.Resolve(drug).Substances.Single());

    private static InteractionResult Pair(AnalysisResult result, int first, int second) =>
        Assert.Single(result.Interactions, i => i.Lines.SequenceEqual([first, second]));

    private static InteractionResult Single(params PrescriptionLine[] lines) => Assert.Single(Engine.Analyse(lines).Interactions);
}
