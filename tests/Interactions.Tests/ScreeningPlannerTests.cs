using EdsPlatform.Interactions.Engine;

namespace EdsPlatform.Interactions.Tests;

/// <summary>How a warehouse screening decides which recorded drugs interact: as a prescription would, dose and route included.</summary>
public sealed class ScreeningPlannerTests
{
    private static ScreeningPlan Plan(IReadOnlySet<string>? substances, string minimumLevel, params DrugVariant[] variants) =>
        ScreeningPlanner.Plan(Engine.Analyzer, variants, substances, minimumLevel);

    private static ScreeningFinding? Finding(ScreeningPlan plan, string a, string b) =>
        plan.Findings.SingleOrDefault(f => f.Substances.Order(StringComparer.Ordinal).SequenceEqual(new[] { a, b }.Order(StringComparer.Ordinal)));

    [Fact]
    public void Recorded_doses_decide_the_level_as_they_would_on_a_prescription()
    {
        var plan = Plan(null, "APEC",
            new DrugVariant(0, "acide acétylsalicylique", "75 mg", "orale", 1),   // Kardégic: antiplatelet
            new DrugVariant(1, "furosémide", "40 mg", "orale", 1),
            new DrugVariant(2, "aténolol", "50 mg", "orale", 1),
            new DrugVariant(3, "amlodipine", "5 mg", "orale", 1),
            new DrugVariant(4, "lansoprazole", "30 mg", "orale", 1));

        Assert.Null(Finding(plan, "ACIDE ACETYLSALICYLIQUE", "FUROSEMIDE"));
        Assert.Equal(("APEC", "applies"), Finding(plan, "AMLODIPINE", "ATENOLOL") is { } f ? (f.Level, f.Status) : default);
        Assert.DoesNotContain(plan.Findings, f => f.Substances.Contains("LANSOPRAZOLE"));
        Assert.All(plan.Pairs, p => Assert.NotEqual(p.First, p.Second));
    }

    [Fact]
    public void Anti_inflammatory_aspirin_interacts_and_unknown_doses_are_conditional()
    {
        var plan = Plan(null, "APEC",
            new DrugVariant(0, "acide acétylsalicylique", "1 g", "orale", 3),
            new DrugVariant(1, "acide acétylsalicylique", null, null, null),
            new DrugVariant(2, "furosémide", "40 mg", "orale", 1));

        var found = plan.Findings.Where(f => f.Substances.Contains("FUROSEMIDE")).Select(f => (f.Level, f.Status)).ToHashSet();
        Assert.Contains(("PE", "applies"), found);
        Assert.Contains(found, f => f.Status == "conditional");
    }

    [Fact]
    public void Variants_that_read_as_the_same_line_are_analysed_once_and_unknown_drugs_listed()
    {
        var plan = Plan(null, "APEC",
            new DrugVariant(0, "amlodipine", null, null, 1),
            new DrugVariant(1, "amlodipine", null, null, 2),
            new DrugVariant(2, "aténolol", null, null, null),
            new DrugVariant(3, "zorglubine", null, null, null));

        Assert.Equal(plan.LineOf[0], plan.LineOf[1]);
        Assert.Single(plan.Pairs);
        Assert.Equal(["zorglubine"], plan.Unrecognised);
    }

    [Fact]
    public void The_substance_filter_and_the_minimum_level_narrow_the_pairs()
    {
        DrugVariant[] variants =
        [
            new(0, "aténolol", "50 mg", "orale", 1), new(1, "amlodipine", "5 mg", "orale", 1),
            new(2, "warfarine", "5 mg", "orale", 1), new(3, "acide acétylsalicylique", "1 g", "orale", 3),
        ];
        var all = Plan(null, "APEC", variants);
        var warfarinOnly = Plan(new HashSet<string> { "WARFARINE" }, "APEC", variants);
        var severe = Plan(null, "AD", variants);

        Assert.NotNull(Finding(all, "AMLODIPINE", "ATENOLOL"));
        Assert.NotEmpty(warfarinOnly.Findings);
        Assert.All(warfarinOnly.Findings, f => Assert.Contains("WARFARINE", f.Substances));
        Assert.NotEmpty(severe.Findings);
        Assert.All(severe.Findings, f => Assert.True(Analyzer.LevelRank(f.Level) >= Analyzer.LevelRank("AD")));
    }
}
