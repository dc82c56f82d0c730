namespace EdsPlatform.Cohort.Definitions;

/// <summary>A concept picked in the vocabulary search, with its OMOP domain (Condition, Drug, ...).</summary>
public sealed record PickedConcept(long ConceptId, string Name, string Domain);

/// <summary>
/// The point-and-click builder's edits, each a new definition: concepts picked in the vocabulary become a concept
/// set (with their descendants, as ATLAS users expect) and criteria on the tables of their domains. What the
/// builder makes is ordinary Circe, so it exports to ATLAS and imports back like any definition.
/// </summary>
public static class CohortBuilder
{
    public static CohortDefinition Empty { get; } = new([], new PrimaryCriteria([], 0, 0, EventLimit.First), EventLimit.First, [], EventLimit.First,
        EndStrategy.EndOfObservation, [], 0, null, null);

    /// <summary>The OMOP domains (concept.domain_id) criteria are built on, and the tables their events come from.</summary>
    private static readonly (string Omop, CriterionDomain Criterion)[] Domains =
    [
        ("Condition", CriterionDomain.ConditionOccurrence),
        ("Drug", CriterionDomain.DrugExposure),
        ("Measurement", CriterionDomain.Measurement),
        ("Procedure", CriterionDomain.ProcedureOccurrence),
        ("Observation", CriterionDomain.Observation),
        ("Visit", CriterionDomain.VisitOccurrence),
    ];

    public static IReadOnlyList<string> OmopDomains { get; } = [.. Domains.Select(d => d.Omop)];

    /// <summary>Null for domains no criterion is built on (gender, unit, ...).</summary>
    public static CriterionDomain? CriterionDomainOf(string omopDomain) =>
        Domains.Where(d => d.Omop == omopDomain).Select(d => (CriterionDomain?)d.Criterion).FirstOrDefault();

    /// <summary>
    /// Index events: any event of the picked concepts (one criterion per domain), each person's first by default; with
    /// <paramref name="inNotes"/>, a mention of any of them affirmed in a note (the platform's NOTE_NLP criterion).
    /// </summary>
    public static CohortDefinition AddEntryEvents(CohortDefinition definition, IReadOnlyList<PickedConcept> concepts, bool inNotes = false)
    {
        var (withSets, criteria) = CriteriaFor(definition, concepts, inNotes);
        return withSets with { PrimaryCriteria = withSets.PrimaryCriteria with { Criteria = [.. withSets.PrimaryCriteria.Criteria, .. criteria] } };
    }

    /// <summary>
    /// An inclusion rule: at least one event of the picked concepts (or none, <paramref name="required"/> false) from
    /// <paramref name="daysBefore"/> days before to <paramref name="daysAfter"/> days after the index date (null: unbounded);
    /// with <paramref name="inNotes"/>, mentions affirmed in notes rather than recorded events.
    /// </summary>
    public static CohortDefinition AddEventRule(CohortDefinition definition, string name, IReadOnlyList<PickedConcept> concepts, int? daysBefore, int? daysAfter, bool required,
        bool inNotes = false)
    {
        var (withSets, criteria) = CriteriaFor(definition, concepts, inNotes);
        var window = new Window(daysBefore, -1, daysAfter, 1, UseIndexEnd: false, UseEventEnd: false);
        var occurrence = required ? new Occurrence(OccurrenceType.AtLeast, 1, false) : new Occurrence(OccurrenceType.Exactly, 0, false);
        var correlated = criteria.Select(c => new CorrelatedCriterion(c, window, null, occurrence)).ToList();
        // Several domains: "at least one" of any of them, or none in all of them.
        var group = new CriteriaGroup(required ? GroupType.Any : GroupType.All, null, correlated, [], []);
        return withSets with { InclusionRules = [.. withSets.InclusionRules, new InclusionRule(name, group)] };
    }

    /// <summary>An inclusion rule on age at the index date (bounds inclusive) and/or gender concepts.</summary>
    public static CohortDefinition AddDemographicRule(CohortDefinition definition, string name, int? minAge, int? maxAge, IReadOnlyList<long> genderConceptIds)
    {
        NumericRange? age = (minAge, maxAge) switch
        {
            ({ } min, { } max) => new NumericRange(RangeOp.Bt, min, max),
            ({ } min, null) => new NumericRange(RangeOp.Gte, min, null),
            (null, { } max) => new NumericRange(RangeOp.Lte, max, null),
            _ => null,
        };
        var group = new CriteriaGroup(GroupType.All, null, [], [new DemographicCriterion(age, genderConceptIds)], []);
        return definition with { InclusionRules = [.. definition.InclusionRules, new InclusionRule(name, group)] };
    }

    public static CohortDefinition RemoveEntryEvent(CohortDefinition definition, int index) =>
        index < 0 || index >= definition.PrimaryCriteria.Criteria.Count ? definition
            : WithoutUnusedConceptSets(definition with
            {
                PrimaryCriteria = definition.PrimaryCriteria with { Criteria = [.. definition.PrimaryCriteria.Criteria.Where((_, i) => i != index)] },
            });

    public static CohortDefinition RemoveRule(CohortDefinition definition, int index) =>
        index < 0 || index >= definition.InclusionRules.Count ? definition
            : WithoutUnusedConceptSets(definition with { InclusionRules = [.. definition.InclusionRules.Where((_, i) => i != index)] });

    /// <summary>Cohort periods are kept inside these dates (Circe's censor window): "since 2021" is a start date.</summary>
    public static CohortDefinition WithPeriod(CohortDefinition definition, DateOnly? from, DateOnly? to) =>
        definition with { CensorStart = from, CensorEnd = to };

    /// <summary>Concept sets no criterion refers to any more; ATLAS keeps them, the builder tidies them.</summary>
    private static CohortDefinition WithoutUnusedConceptSets(CohortDefinition definition)
    {
        var used = definition.ReferencedConceptSets();
        return definition with { ConceptSets = [.. definition.ConceptSets.Where(set => used.Contains(set.Id))] };
    }

    /// <summary>One new concept set and one criterion per domain of the picked concepts, or one note-mention criterion for them all.</summary>
    private static (CohortDefinition Definition, List<Criterion> Criteria) CriteriaFor(CohortDefinition definition, IReadOnlyList<PickedConcept> concepts, bool inNotes)
    {
        var sets = definition.ConceptSets.ToList();
        var criteria = new List<Criterion>();
        foreach (var byDomain in concepts.DistinctBy(c => c.ConceptId).GroupBy(c => inNotes ? CriterionDomain.NoteNlp : CriterionDomainOf(c.Domain)))
        {
            if (byDomain.Key is not { } domain)
            {
                throw new ArgumentException($"No criterion is built on concepts of the domain {byDomain.First().Domain}.", nameof(concepts));
            }
            var id = sets.Count == 0 ? 0 : sets.Max(s => s.Id) + 1;
            var name = string.Join(", ", byDomain.Select(c => c.Name));
            sets.Add(new ConceptSet(id, name.Length > 200 ? name[..199] + "…" : name,
                [.. byDomain.Select(c => new ConceptSetItem(c.ConceptId, c.Name, IncludeDescendants: true, IncludeMapped: false, IsExcluded: false))]));
            criteria.Add(new Criterion(domain, id, FirstOccurrenceOnly: false, ValueAsNumber: null, TermExists: inNotes ? "Y" : null));
        }
        return (definition with { ConceptSets = sets }, criteria);
    }
}
