namespace EdsPlatform.Cohort.Definitions;

/// <summary>
/// A cohort definition: the subset of OHDSI Circe's cohort expression this platform runs. Index events come
/// from the primary criteria inside an observation window; inclusion rules filter them (with attrition per
/// rule); an end strategy, a censor window and era collapse shape the resulting periods.
/// </summary>
public sealed record CohortDefinition(
    IReadOnlyList<ConceptSet> ConceptSets,
    PrimaryCriteria PrimaryCriteria,
    EventLimit QualifiedLimit,
    IReadOnlyList<InclusionRule> InclusionRules,
    EventLimit ExpressionLimit,
    EndStrategy EndStrategy,
    IReadOnlyList<Criterion> CensoringCriteria,
    int EraPad,
    DateOnly? CensorStart,
    DateOnly? CensorEnd)
{
    /// <summary>
    /// The limit applied to events once qualified. Circe applies <see cref="QualifiedLimit"/> only when the definition
    /// has AdditionalCriteria (CohortExpressionQueryBuilder.buildExpressionQuery); this platform refuses those, so the
    /// field, present in every ATLAS export, has no effect here. The day AdditionalCriteria are read, this returns
    /// <see cref="QualifiedLimit"/> when they are present.
    /// </summary>
    public EventLimit EffectiveQualifiedLimit => EventLimit.All;

    /// <summary>The concept set ids that criteria and the end strategy refer to.</summary>
    public IReadOnlySet<int> ReferencedConceptSets() =>
        AllCriteria().Select(c => c.CodesetId).Append((EndStrategy as ContinuousExposure)?.DrugCodesetId).OfType<int>().ToHashSet();

    /// <summary>
    /// The patient-level OMOP tables the definition reads, as governance names datasets: persons and their observation
    /// periods always (index events are placed in them, demographics and breakdowns read persons), each criterion's
    /// table, and drug exposures for a continuous-exposure end. The vocabulary is not patient data.
    /// </summary>
    public IReadOnlySet<string> TablesRead()
    {
        var tables = new SortedSet<string>(StringComparer.Ordinal) { "person", "observation_period" };
        tables.UnionWith(AllCriteria().Select(c => c.Domain.TableName()));
        if (EndStrategy is ContinuousExposure)
        {
            tables.Add(CriterionDomain.DrugExposure.TableName());
        }
        if (UsesPlatformExtensions)
        {
            tables.Add("note"); // a mention is dated and placed by its note
        }
        return tables;
    }

    /// <summary>Whether the definition has criteria ATLAS does not know (note mentions): its export says so.</summary>
    public bool UsesPlatformExtensions => AllCriteria().Any(c => c.Domain == CriterionDomain.NoteNlp);

    private IEnumerable<Criterion> AllCriteria()
    {
        static IEnumerable<Criterion> InGroup(CriteriaGroup group) => group.Criteria.Select(c => c.Criterion).Concat(group.Groups.SelectMany(InGroup));
        return PrimaryCriteria.Criteria.Concat(InclusionRules.SelectMany(r => InGroup(r.Expression))).Concat(CensoringCriteria);
    }
}

/// <summary>Concepts referred to by criteria: each item may bring its descendants and the source concepts mapped to it, or be excluded.</summary>
public sealed record ConceptSet(int Id, string Name, IReadOnlyList<ConceptSetItem> Items);

public sealed record ConceptSetItem(long ConceptId, string? ConceptName, bool IncludeDescendants, bool IncludeMapped, bool IsExcluded);

/// <summary>Index events: any of the criteria, with at least <see cref="PriorDays"/> of observation before and <see cref="PostDays"/> after.</summary>
public sealed record PrimaryCriteria(IReadOnlyList<Criterion> Criteria, int PriorDays, int PostDays, EventLimit Limit);

/// <summary>Which events per person are kept: the first, the last, or all.</summary>
public enum EventLimit { First, Last, All }

/// <summary>
/// The OMOP tables events come from. <see cref="NoteNlp"/> is this platform's extension (ATLAS has no such criterion):
/// a concept mentioned in a note, as the NLP service extracted it into NOTE_NLP, dated by the note.
/// </summary>
public enum CriterionDomain
{
    ConditionOccurrence, DrugExposure, DrugEra, ConditionEra, Measurement, ProcedureOccurrence, Observation, VisitOccurrence, Death, ObservationPeriod, NoteNlp,
}

public static class CriterionDomains
{
    /// <summary>The OMOP CDM table of the domain's events (condition_occurrence, drug_era, ...).</summary>
    public static string TableName(this CriterionDomain domain) => domain switch
    {
        CriterionDomain.ConditionOccurrence => "condition_occurrence",
        CriterionDomain.DrugExposure => "drug_exposure",
        CriterionDomain.DrugEra => "drug_era",
        CriterionDomain.ConditionEra => "condition_era",
        CriterionDomain.Measurement => "measurement",
        CriterionDomain.ProcedureOccurrence => "procedure_occurrence",
        CriterionDomain.Observation => "observation",
        CriterionDomain.VisitOccurrence => "visit_occurrence",
        CriterionDomain.Death => "death",
        CriterionDomain.ObservationPeriod => "observation_period",
        CriterionDomain.NoteNlp => "note_nlp",
        _ => throw new UnsupportedCohortElementException(domain.ToString()),
    };
}

/// <summary>
/// Events of one domain, of the concept set <see cref="CodesetId"/> (any concept when null), optionally only each
/// person's first; for measurements, a value range and <see cref="Measurement"/>'s unit, coded value and normal range;
/// for note mentions, <see cref="TermExists"/>: "Y" affirmed about the patient, "N" negated, hypothetical, about a
/// relative or reported (NOTE_NLP's term_exists), null either.
/// </summary>
public sealed record Criterion(CriterionDomain Domain, int? CodesetId, bool FirstOccurrenceOnly, NumericRange? ValueAsNumber, MeasurementFilter? Measurement = null,
    string? TermExists = null);

/// <summary>A measurement's unit and coded value among these concepts (empty: any), and its normal range's bounds (Circe's Unit, ValueAsConcept, RangeLow, RangeHigh).</summary>
public sealed record MeasurementFilter(IReadOnlyList<long> UnitConceptIds, IReadOnlyList<long> ValueConceptIds, NumericRange? RangeLow, NumericRange? RangeHigh);

public sealed record InclusionRule(string Name, CriteriaGroup Expression);

/// <summary>AND (all), OR (any), or n-among-m (at least / at most <see cref="Count"/>) of criteria, demographics and nested groups.</summary>
public sealed record CriteriaGroup(GroupType Type, int? Count, IReadOnlyList<CorrelatedCriterion> Criteria, IReadOnlyList<DemographicCriterion> Demographics, IReadOnlyList<CriteriaGroup> Groups);

public enum GroupType { All, Any, AtLeast, AtMost }

/// <summary>
/// Events of a criterion counted in a window around the index event, compared with <see cref="Occurrence"/>; within
/// the index event's observation period unless <see cref="IgnoreObservationPeriod"/>, and, with
/// <see cref="RestrictVisit"/>, in the index event's visit (the same encounter).
/// </summary>
public sealed record CorrelatedCriterion(Criterion Criterion, Window StartWindow, Window? EndWindow, Occurrence Occurrence,
    bool RestrictVisit = false, bool IgnoreObservationPeriod = false);

/// <summary>
/// Days relative to the index date: <see cref="Start"/> and <see cref="End"/> bounds (null days: unbounded), applied to
/// the event's start (or end, <see cref="UseEventEnd"/>) from the index start (or end, <see cref="UseIndexEnd"/>).
/// </summary>
public sealed record Window(int? StartDays, int StartCoeff, int? EndDays, int EndCoeff, bool UseIndexEnd, bool UseEventEnd);

public sealed record Occurrence(OccurrenceType Type, int Count, bool IsDistinct);

/// <summary>Circe's numbering: 0 exactly, 1 at most, 2 at least.</summary>
public enum OccurrenceType { Exactly = 0, AtMost = 1, AtLeast = 2 }

/// <summary>Age at the index date and/or gender.</summary>
public sealed record DemographicCriterion(NumericRange? Age, IReadOnlyList<long> GenderConceptIds);

public sealed record NumericRange(RangeOp Op, decimal Value, decimal? Extent);

public enum RangeOp { Lt, Lte, Eq, Neq, Gt, Gte, Bt, NotBt }

/// <summary>
/// When a cohort period ends: at the end of observation, an offset from the index start or end, or the end of
/// continuous exposure to a drug; never after the end of observation, and at the first censoring event if earlier.
/// </summary>
public abstract record EndStrategy
{
    public static EndStrategy EndOfObservation { get; } = new ObservationEnd();
}

public sealed record ObservationEnd : EndStrategy;

public sealed record DateOffset(bool FromEndDate, int Offset) : EndStrategy;

/// <summary>
/// Circe's CustomEra: exposures to the concept set <see cref="DrugCodesetId"/> (standard or source codes) joined into
/// eras across gaps of up to <see cref="GapDays"/>; the period ends <see cref="Offset"/> days after the era holding
/// the index date. <see cref="DaysSupplyOverride"/> replaces every exposure's recorded length.
/// </summary>
public sealed record ContinuousExposure(int DrugCodesetId, int GapDays, int Offset, int? DaysSupplyOverride) : EndStrategy;

/// <summary>A definition that uses what this platform does not run; the message names the element (its JSON path).</summary>
public sealed class UnsupportedCohortElementException(string path, string? why = null)
    : Exception($"Unsupported cohort element at {path}{(why is null ? "" : ": " + why)}.")
{
    public string Path { get; } = path;
}
