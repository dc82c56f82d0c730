using EdsPlatform.DataAccess;

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

/// <summary>Cohort results as shown: every count through the platform's small-cell rule.</summary>
public static class CohortResultDisclosure
{
    public static CohortResult Apply(this SmallCellSuppression suppression, RawCohortResult raw)
    {
        IReadOnlyList<Breakdown> By(string dimension) =>
            [.. raw.Breakdowns.Where(b => b.Dimension == dimension).Select(b => new Breakdown(b.Key, suppression.Show(b.Persons)))];
        return new CohortResult(suppression.Show(raw.Persons), suppression.Show(raw.Entries), suppression.Show(raw.QualifiedPersons),
            [.. raw.Attrition.Select(step => new AttritionStep(step.Rule, suppression.Show(step.Persons), suppression.Show(step.Events),
                step.PersonsMeetingRuleAlone is { } alone ? suppression.Show(alone) : null))],
            By("sex"), By("age"), By("age-sex"), By("year"), raw.DataVersion);
    }
}
