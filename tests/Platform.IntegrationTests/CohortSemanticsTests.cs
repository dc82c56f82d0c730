using EdsPlatform.Cohort.Definitions;
using Npgsql;

namespace EdsPlatform.IntegrationTests;

/// <summary>
/// The compiler's semantics on five hand-made patients whose answers can be read off the data below
/// (a fresh OMOP database on the platform's server; every period runs 2010-01-01 to 2020-12-31).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CohortSemanticsTests(PlatformFixture platform) : IAsyncLifetime
{
    private const long DrugA = 100, DrugAChild = 101, ConditionX = 200, SourceCodeForX = 300;

    // P1: a child concept of drug A in 2012, X five months later.
    // P2: drug A in 2012, X two years later.
    // P3: drug A in 2009 (before observation) and 2015, then a source code that maps to X a month later.
    // P4: drug A three times in 2016 (Jan 1, Jan 20, Mar 1), no X.
    // Procedure 500 on the day of the first drug A: in the same visit for P1 (visit 1), another visit for P2.
    // Lab 400 in 2013: P1 12 mg/dL (normal 4-10), P2 12 g/dL, P3 5 mg/dL (normal 4-10), P4 "positive" (9191), no value.
    // P5: nothing. Born: P1 1950, P2 1980, P3 1960, P4 1990, P5 1970; P1 and P3 women (8532), others men (8507).
    private const string Data = """
        INSERT INTO cdm.person (person_id, gender_concept_id, year_of_birth, race_concept_id, ethnicity_concept_id)
        VALUES (1, 8532, 1950, 0, 0), (2, 8507, 1980, 0, 0), (3, 8532, 1960, 0, 0), (4, 8507, 1990, 0, 0), (5, 8507, 1970, 0, 0);
        INSERT INTO cdm.observation_period (observation_period_id, person_id, observation_period_start_date, observation_period_end_date, period_type_concept_id)
        SELECT person_id, person_id, DATE '2010-01-01', DATE '2020-12-31', 0 FROM cdm.person;
        INSERT INTO cdm.concept_ancestor VALUES (100, 100, 0, 0), (100, 101, 1, 1), (101, 101, 0, 0), (200, 200, 0, 0);
        INSERT INTO cdm.concept_relationship (concept_id_1, concept_id_2, relationship_id, valid_start_date, valid_end_date)
        VALUES (300, 200, 'Maps to', DATE '2000-01-01', DATE '2099-12-31');
        INSERT INTO cdm.drug_exposure (drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date, drug_exposure_end_date, drug_type_concept_id, visit_occurrence_id)
        VALUES (1, 1, 101, DATE '2012-01-01', DATE '2012-01-01', 0, 1), (2, 2, 100, DATE '2012-01-01', DATE '2012-01-01', 0, 3),
               (3, 3, 100, DATE '2009-06-01', DATE '2009-06-01', 0, NULL), (4, 3, 100, DATE '2015-01-01', DATE '2015-01-01', 0, NULL),
               (5, 4, 100, DATE '2016-01-01', DATE '2016-01-01', 0, NULL), (6, 4, 100, DATE '2016-01-20', DATE '2016-01-20', 0, NULL),
               (7, 4, 100, DATE '2016-03-01', DATE '2016-03-01', 0, NULL);
        INSERT INTO cdm.procedure_occurrence (procedure_occurrence_id, person_id, procedure_concept_id, procedure_date, procedure_type_concept_id, visit_occurrence_id)
        VALUES (1, 1, 500, DATE '2012-01-01', 0, 1), (2, 2, 500, DATE '2012-01-01', 0, 2);
        INSERT INTO cdm.condition_occurrence (condition_occurrence_id, person_id, condition_concept_id, condition_start_date, condition_type_concept_id)
        VALUES (1, 1, 200, DATE '2012-06-01', 0), (2, 2, 200, DATE '2014-01-01', 0), (3, 3, 300, DATE '2015-02-01', 0);
        INSERT INTO cdm.measurement (measurement_id, person_id, measurement_concept_id, measurement_date, measurement_type_concept_id,
                                     value_as_number, unit_concept_id, value_as_concept_id, range_low, range_high)
        VALUES (1, 1, 400, DATE '2013-01-01', 0, 12, 8840, NULL, 4, 10), (2, 2, 400, DATE '2013-01-01', 0, 12, 8713, NULL, NULL, NULL),
               (3, 3, 400, DATE '2013-01-01', 0, 5, 8840, NULL, 4, 10), (4, 4, 400, DATE '2013-01-01', 0, NULL, NULL, 9191, NULL, NULL);
        """;

    private NpgsqlDataSource _database = null!;

    public async Task InitializeAsync()
    {
        _database = await platform.CreateScratchOmopDatabaseAsync("cohort_semantics");
        await using var insert = _database.CreateCommand(Data);
        await insert.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Index_events_take_descendants_and_the_observation_window() =>
        Assert.Equal([1, 2, 3, 4], (await MembersAsync(DrugUsers())).Select(m => m.Person).Distinct());

    [Fact]
    public async Task A_correlated_criterion_counts_in_its_window_and_mapped_source_codes_count_when_asked()
    {
        var afterIndex = new Window(0, 1, 365, 1, false, false);
        Assert.Equal([1, 3], await PersonsAsync(DrugUsers(Rule(Correlated(afterIndex, OccurrenceType.AtLeast, 1)))));
        Assert.Equal([1], await PersonsAsync(DrugUsers(Rule(Correlated(afterIndex, OccurrenceType.AtLeast, 1))) with { ConceptSets = ConceptSets(mapped: false) }));
        Assert.Equal([2, 4], await PersonsAsync(DrugUsers(Rule(Correlated(afterIndex, OccurrenceType.Exactly, 0)))));
        Assert.Equal([1, 2, 3], await PersonsAsync(DrugUsers(Rule(Correlated(new Window(null, -1, null, 1, false, false), OccurrenceType.AtLeast, 1)))));
    }

    [Fact]
    public async Task Demographics_and_n_among_m_groups()
    {
        var women = new DemographicCriterion(null, [8532]);
        var over50AtIndex = new DemographicCriterion(new NumericRange(RangeOp.Gt, 50, null), []);
        Assert.Equal([1, 3], await PersonsAsync(DrugUsers(Rule(new CriteriaGroup(GroupType.All, null, [], [women], [])))));
        // P1 is 62 at index, P3 55: both women over 50; P2 and P4 neither.
        Assert.Equal([1, 3], await PersonsAsync(DrugUsers(Rule(new CriteriaGroup(GroupType.AtLeast, 2, [], [women, over50AtIndex], [])))));
        Assert.Equal([1, 2, 3, 4], await PersonsAsync(DrugUsers(Rule(new CriteriaGroup(GroupType.AtMost, 2, [], [women, over50AtIndex], [])))));
        Assert.Equal([2, 4], await PersonsAsync(DrugUsers(Rule(new CriteriaGroup(GroupType.AtMost, 0, [], [women, over50AtIndex], [])))));
    }

    [Fact]
    public async Task End_strategy_era_collapse_and_censor_window_shape_the_periods()
    {
        var allExposuresTenDays = DrugUsers() with
        {
            PrimaryCriteria = new PrimaryCriteria([new Criterion(CriterionDomain.DrugExposure, 0, false, null)], 0, 0, EventLimit.All),
            QualifiedLimit = EventLimit.All,
            ExpressionLimit = EventLimit.All,
            EndStrategy = new DateOffset(FromEndDate: false, Offset: 10),
        };
        DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        var apart = (await MembersAsync(allExposuresTenDays)).Where(m => m.Person == 4).ToList();
        Assert.Equal([(4L, Day("2016-01-01"), Day("2016-01-11")), (4L, Day("2016-01-20"), Day("2016-01-30")), (4L, Day("2016-03-01"), Day("2016-03-11"))], apart);

        // A 9-day gap closes with a pad of 10, not the 30-day one.
        var padded = (await MembersAsync(allExposuresTenDays with { EraPad = 10 })).Where(m => m.Person == 4).ToList();
        Assert.Equal([(4L, Day("2016-01-01"), Day("2016-01-30")), (4L, Day("2016-03-01"), Day("2016-03-11"))], padded);

        var censored = (await MembersAsync(allExposuresTenDays with { CensorEnd = Day("2016-01-05") })).Where(m => m.Person == 4).ToList();
        Assert.Equal([(4L, Day("2016-01-01"), Day("2016-01-05"))], censored);

        // First event only, to the end of observation by default.
        Assert.Equal((4L, Day("2016-01-01"), Day("2020-12-31")), Assert.Single(await MembersAsync(DrugUsers()), m => m.Person == 4));
    }

    [Fact]
    public async Task Continuous_exposure_ends_with_the_drug_era_and_censoring_events_end_periods_early()
    {
        DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        async Task<DateOnly> EndForP4(EndStrategy end) => Assert.Single(await MembersAsync(DrugUsers() with { EndStrategy = end }), m => m.Person == 4).End;

        // P4's exposures (Jan 1, Jan 20, Mar 1, one day each): a 30-day gap joins the first two only.
        Assert.Equal(Day("2016-01-20"), await EndForP4(new ContinuousExposure(0, GapDays: 30, Offset: 0, DaysSupplyOverride: null)));
        Assert.Equal(Day("2016-01-25"), await EndForP4(new ContinuousExposure(0, GapDays: 30, Offset: 5, DaysSupplyOverride: null)));
        Assert.Equal(Day("2016-03-01"), await EndForP4(new ContinuousExposure(0, GapDays: 45, Offset: 0, DaysSupplyOverride: null)));
        Assert.Equal(Day("2016-01-11"), await EndForP4(new ContinuousExposure(0, GapDays: 0, Offset: 0, DaysSupplyOverride: 10)));

        // Censored at the first X (the mapped source code counts for P3); P4 never has X.
        var censored = await MembersAsync(DrugUsers() with { CensoringCriteria = [new Criterion(CriterionDomain.ConditionOccurrence, 1, false, null)] });
        Assert.Equal(
            [(1L, Day("2012-01-01"), Day("2012-06-01")), (2L, Day("2012-01-01"), Day("2014-01-01")), (3L, Day("2015-01-01"), Day("2015-02-01")), (4L, Day("2016-01-01"), Day("2020-12-31"))],
            censored);
    }

    [Fact]
    public async Task Measurements_filter_on_value_unit_coded_value_and_normal_range()
    {
        async Task<List<long>> LabAsync(NumericRange? value, MeasurementFilter? filter) => await PersonsAsync(DrugUsers() with
        {
            ConceptSets = [.. ConceptSets(), new ConceptSet(2, "Lab", [new ConceptSetItem(400, null, false, false, false)])],
            PrimaryCriteria = new PrimaryCriteria([new Criterion(CriterionDomain.Measurement, 2, false, value, filter)], 0, 0, EventLimit.First),
        });
        MeasurementFilter Filter(long[]? units = null, long[]? values = null, NumericRange? low = null) => new(units ?? [], values ?? [], low, null);

        Assert.Equal([1, 2], await LabAsync(new NumericRange(RangeOp.Gt, 10, null), null));
        Assert.Equal([1], await LabAsync(new NumericRange(RangeOp.Gt, 10, null), Filter(units: [8840])));
        Assert.Equal([1, 3], await LabAsync(null, Filter(low: new NumericRange(RangeOp.Eq, 4, null))));
        Assert.Equal([4], await LabAsync(null, Filter(values: [9191])));
    }

    [Fact]
    public async Task Same_visit_restriction_and_events_outside_the_observation_period()
    {
        var withProcedure = ConceptSets().Append(new ConceptSet(2, "Procedure Y", [new ConceptSetItem(500, null, false, false, false)])).ToList();
        var anyTime = new Window(null, -1, null, 1, false, false);
        CorrelatedCriterion Procedure(bool sameVisit) =>
            new(new Criterion(CriterionDomain.ProcedureOccurrence, 2, false, null), anyTime, null, new Occurrence(OccurrenceType.AtLeast, 1, false), RestrictVisit: sameVisit);
        Assert.Equal([1, 2], await PersonsAsync(DrugUsers(Rule(Procedure(sameVisit: false))) with { ConceptSets = withProcedure }));
        Assert.Equal([1], await PersonsAsync(DrugUsers(Rule(Procedure(sameVisit: true))) with { ConceptSets = withProcedure }));

        // Two exposures to drug A: P4 within observation; P3 only when its 2009 exposure, before observation, counts.
        CorrelatedCriterion TwoExposures(bool ignoreObservation) =>
            new(new Criterion(CriterionDomain.DrugExposure, 0, false, null), anyTime, null, new Occurrence(OccurrenceType.AtLeast, 2, false), IgnoreObservationPeriod: ignoreObservation);
        Assert.Equal([4], await PersonsAsync(DrugUsers(Rule(TwoExposures(ignoreObservation: false)))));
        Assert.Equal([3, 4], await PersonsAsync(DrugUsers(Rule(TwoExposures(ignoreObservation: true)))));
    }

    [Fact]
    public async Task QualifiedLimit_has_no_effect_without_additional_criteria_as_in_Circe()
    {
        // ATLAS exports all-events cohorts with "QualifiedLimit": First; Circe applies it only with AdditionalCriteria.
        var everyExposure = DrugUsers() with
        {
            PrimaryCriteria = DrugUsers().PrimaryCriteria with { Limit = EventLimit.All },
            QualifiedLimit = EventLimit.First,
            ExpressionLimit = EventLimit.All,
            EndStrategy = new DateOffset(FromEndDate: false, Offset: 1),
        };

        var members = await MembersAsync(everyExposure);

        Assert.Equal([new DateOnly(2016, 1, 1), new DateOnly(2016, 1, 20), new DateOnly(2016, 3, 1)], members.Where(m => m.Person == 4).Select(m => m.Start));
        Assert.Equal([1, 2, 3, 4, 4, 4], members.Select(m => m.Person));
    }

    private static IReadOnlyList<ConceptSet> ConceptSets(bool mapped = true) =>
    [
        new ConceptSet(0, "Drug A", [new ConceptSetItem(DrugA, null, IncludeDescendants: true, IncludeMapped: false, IsExcluded: false)]),
        new ConceptSet(1, "Condition X", [new ConceptSetItem(ConditionX, null, IncludeDescendants: true, IncludeMapped: mapped, IsExcluded: false)]),
    ];

    private static CohortDefinition DrugUsers(params InclusionRule[] rules) => new(
        ConceptSets(),
        new PrimaryCriteria([new Criterion(CriterionDomain.DrugExposure, 0, false, null)], 0, 0, EventLimit.First),
        EventLimit.First, rules, EventLimit.First, EndStrategy.EndOfObservation, [], 0, null, null);

    private static InclusionRule Rule(CriteriaGroup group) => new("rule", group);

    private static InclusionRule Rule(CorrelatedCriterion criterion) => new("rule", new CriteriaGroup(GroupType.All, null, [criterion], [], []));

    private static CorrelatedCriterion Correlated(Window window, OccurrenceType type, int count) =>
        new(new Criterion(CriterionDomain.ConditionOccurrence, 1, false, null), window, null, new Occurrence(type, count, false));

    private async Task<List<long>> PersonsAsync(CohortDefinition definition) =>
        [.. (await MembersAsync(definition)).Select(m => m.Person).Distinct().Order()];

    private async Task<List<(long Person, DateOnly Start, DateOnly End)>> MembersAsync(CohortDefinition definition)
    {
        var compiled = await CohortOnEunomiaTests.Executor(_database).CompileAsync(definition, CancellationToken.None);
        await using var command = _database.CreateCommand(compiled.MembersSql);
        foreach (var value in compiled.Parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        var members = new List<(long, DateOnly, DateOnly)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            members.Add((reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2)));
        }
        return members;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
