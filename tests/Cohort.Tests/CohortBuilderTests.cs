using EdsPlatform.Cohort.Definitions;

namespace EdsPlatform.Cohort.Tests;

public class CohortBuilderTests
{
    private static readonly PickedConcept Covid = new(2000100001, "COVID-19", "Condition");
    private static readonly PickedConcept Azathioprine = new(2000200001, "azathioprine", "Drug");
    private static readonly PickedConcept Mycophenolate = new(2000200002, "acide mycophénolique", "Drug");
    private static readonly PickedConcept Transplant = new(4322976, "Transplantation rénale", "Procedure");

    [Fact]
    public void Picked_concepts_become_a_concept_set_with_descendants_and_criteria_on_their_domains_tables()
    {
        var definition = CohortBuilder.AddEntryEvents(CohortBuilder.Empty, [Covid]);
        definition = CohortBuilder.AddEventRule(definition, "Immunosuppresseur", [Azathioprine, Mycophenolate, Transplant], daysBefore: 365, daysAfter: 0, required: true);

        Assert.Equal(new Criterion(CriterionDomain.ConditionOccurrence, 0, false, null), Assert.Single(definition.PrimaryCriteria.Criteria));
        Assert.Equal([0, 1, 2], definition.ConceptSets.Select(s => s.Id));
        Assert.All(definition.ConceptSets.SelectMany(s => s.Items), item => Assert.True(item.IncludeDescendants));
        Assert.Equal([2000200001L, 2000200002L], definition.ConceptSets[1].Items.Select(i => i.ConceptId));

        var rule = Assert.Single(definition.InclusionRules);
        Assert.Equal(GroupType.Any, rule.Expression.Type);
        Assert.Equal([CriterionDomain.DrugExposure, CriterionDomain.ProcedureOccurrence], rule.Expression.Criteria.Select(c => c.Criterion.Domain));
        Assert.All(rule.Expression.Criteria, c =>
        {
            Assert.Equal(new Window(365, -1, 0, 1, false, false), c.StartWindow);
            Assert.Equal(new Occurrence(OccurrenceType.AtLeast, 1, false), c.Occurrence);
        });
    }

    [Fact]
    public void Concepts_picked_in_notes_become_one_affirmed_note_mention_criterion_whatever_their_domains()
    {
        var definition = CohortBuilder.AddEntryEvents(CohortBuilder.Empty, [Covid], inNotes: true);
        definition = CohortBuilder.AddEventRule(definition, "Immunosuppresseur (comptes rendus)", [Azathioprine, Transplant], daysBefore: 365, daysAfter: 0, required: true, inNotes: true);

        Assert.Equal(new Criterion(CriterionDomain.NoteNlp, 0, false, null, null, "Y"), Assert.Single(definition.PrimaryCriteria.Criteria));
        var rule = Assert.Single(Assert.Single(definition.InclusionRules).Expression.Criteria);
        Assert.Equal(new Criterion(CriterionDomain.NoteNlp, 1, false, null, null, "Y"), rule.Criterion);
        Assert.Equal([2000200001L, 4322976L], definition.ConceptSets[1].Items.Select(i => i.ConceptId));
        Assert.True(definition.UsesPlatformExtensions);
    }

    [Fact]
    public void A_built_definition_is_ordinary_circe_that_round_trips()
    {
        var definition = CohortBuilder.AddEntryEvents(CohortBuilder.Empty, [Covid]);
        definition = CohortBuilder.AddEventRule(definition, "Jamais greffé", [Transplant], daysBefore: null, daysAfter: null, required: false);
        definition = CohortBuilder.AddDemographicRule(definition, "18 à 65 ans, femmes", 18, 65, [8532]);
        definition = CohortBuilder.WithPeriod(definition, new DateOnly(2021, 1, 1), null);

        var read = CirceJson.Read(CirceJson.Write(definition));

        Assert.Equal(CirceJson.Write(definition), CirceJson.Write(read));
        Assert.Equal(new Occurrence(OccurrenceType.Exactly, 0, false), read.InclusionRules[0].Expression.Criteria[0].Occurrence);
        Assert.Equal(new NumericRange(RangeOp.Bt, 18, 65), read.InclusionRules[1].Expression.Demographics[0].Age);
        Assert.Equal(new DateOnly(2021, 1, 1), read.CensorStart);
    }

    [Fact]
    public void Removing_a_criterion_drops_the_concept_sets_nothing_uses_and_a_draft_without_entry_events_reads_back()
    {
        var definition = CohortBuilder.AddEntryEvents(CohortBuilder.Empty, [Covid]);
        definition = CohortBuilder.AddEventRule(definition, "Immunosuppresseur", [Azathioprine], 365, 0, required: true);

        var withoutRule = CohortBuilder.RemoveRule(definition, 0);
        Assert.Empty(withoutRule.InclusionRules);
        Assert.Equal([0], withoutRule.ConceptSets.Select(s => s.Id));

        var withoutEntry = CohortBuilder.RemoveEntryEvent(withoutRule, 0);
        Assert.Empty(withoutEntry.ConceptSets);
        Assert.Empty(CirceJson.Read(CirceJson.Write(withoutEntry), draft: true).PrimaryCriteria.Criteria);
        Assert.Throws<UnsupportedCohortElementException>(() => CirceJson.Read(CirceJson.Write(withoutEntry)));

        Assert.Same(definition, CohortBuilder.RemoveRule(definition, 5));
    }

    [Fact]
    public void Concepts_of_a_domain_without_criteria_are_refused()
    {
        Assert.Null(CohortBuilder.CriterionDomainOf("Gender"));
        Assert.Throws<ArgumentException>(() => CohortBuilder.AddEntryEvents(CohortBuilder.Empty, [new PickedConcept(8532, "FEMALE", "Gender")]));
    }
}
