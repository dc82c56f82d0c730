namespace EdsPlatform.Cohort.Application;

/// <summary>What a count found, before suppression (kept by the service, never shown as is).</summary>
public sealed record RawCohortResult(
    long Persons, long Entries, long QualifiedPersons, long QualifiedEvents,
    IReadOnlyList<RawAttritionStep> Attrition, IReadOnlyList<RawBreakdown> Breakdowns, string DataVersion);

/// <summary>
/// Persons and events meeting the rule and every rule before it (cumulative attrition), and persons meeting this rule
/// alone (Circe's inclusion statistics; null for the inclusion period, which is not a rule).
/// </summary>
public sealed record RawAttritionStep(string Rule, long Persons, long Events, long? PersonsMeetingRuleAlone = null);

/// <summary>Persons by one dimension value: sex (concept name), age band at index ("40-49"), index year.</summary>
public sealed record RawBreakdown(string Dimension, string Key, long Persons);

/// <summary>Small-cell suppression: counts from 1 to threshold - 1 are shown as "&lt;threshold" to everyone; 0 stays 0.</summary>
public sealed class SmallCellSuppression(int threshold)
{
    public ShownCount Show(long count) => count > 0 && count < threshold
        ? new ShownCount(null, $"<{threshold}")
        : new ShownCount(count, count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public CohortResult Apply(RawCohortResult raw)
    {
        IReadOnlyList<Breakdown> By(string dimension) =>
            [.. raw.Breakdowns.Where(b => b.Dimension == dimension).Select(b => new Breakdown(b.Key, Show(b.Persons)))];
        return new CohortResult(Show(raw.Persons), Show(raw.Entries), Show(raw.QualifiedPersons),
            [.. raw.Attrition.Select(step => new AttritionStep(step.Rule, Show(step.Persons), Show(step.Events),
                step.PersonsMeetingRuleAlone is { } alone ? Show(alone) : null))],
            By("sex"), By("age"), By("age-sex"), By("year"), raw.DataVersion);
    }
}
