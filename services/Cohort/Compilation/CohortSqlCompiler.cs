using System.Text;
using EdsPlatform.Cohort.Definitions;

namespace EdsPlatform.Cohort.Compilation;

/// <summary>
/// A definition compiled to PostgreSQL over the OMOP tables in schema <c>cdm</c>. Every value of the
/// definition travels as a positional parameter (<see cref="Parameters"/>, $1, $2, ...): no user value is ever
/// part of the SQL text; concept sets arrive already resolved, as arrays. <see cref="CommonTableExpressions"/>
/// run from the index events to <c>qualified</c> events and <c>windowed_periods</c>; each query adds only the
/// steps it reads, because PostgreSQL materialises a step that two others refer to, even an unused one.
/// </summary>
/// <param name="MaskExpression">A bit per inclusion rule met by a qualified event <c>q</c> (for attrition).</param>
/// <param name="EraCollapse">The steps from <c>windowed_periods</c> to <c>cohort_periods</c>, the periods after era collapse.</param>
/// <param name="CountQuery">Persons and entries from <c>windowed_periods</c>, counting the periods that start an era (no grouping).</param>
public sealed record CompiledCohort(string CommonTableExpressions, IReadOnlyList<object> Parameters, int RuleCount, string MaskExpression,
    string EraCollapse, string CountQuery)
{
    public string CountSql => CommonTableExpressions + CountQuery;

    public string MembersSql => CommonTableExpressions + EraCollapse + "SELECT person_id, start_date, end_date FROM cohort_periods ORDER BY person_id, start_date";

    /// <summary>Persons by sex, by ten-year age band at their first index date, by both (the pyramid, "40-49|MALE"), and by the year of that date: (dimension, key, persons).</summary>
    public string BreakdownSql => CommonTableExpressions + EraCollapse + """
        , first_periods AS (SELECT DISTINCT ON (person_id) person_id, start_date FROM cohort_periods ORDER BY person_id, start_date),
        described AS (
          SELECT f.person_id, f.start_date, coalesce(c.concept_name, 'unknown') AS sex, extract(year FROM f.start_date)::integer - p.year_of_birth AS age
          FROM first_periods f JOIN cdm.person p ON p.person_id = f.person_id LEFT JOIN cdm.concept c ON c.concept_id = p.gender_concept_id)
        SELECT 'sex', sex, count(*) FROM described GROUP BY sex
        UNION ALL SELECT 'age', (age / 10 * 10)::text || '-' || (age / 10 * 10 + 9)::text, count(*) FROM described GROUP BY age / 10
        UNION ALL SELECT 'year', extract(year FROM start_date)::integer::text, count(*) FROM described GROUP BY extract(year FROM start_date)
        UNION ALL SELECT 'age-sex', (age / 10 * 10)::text || '-' || (age / 10 * 10 + 9)::text || '|' || sex, count(*) FROM described GROUP BY age / 10, sex
        ORDER BY 1, 2
        """;

    /// <summary>
    /// One row: qualified events and persons, then for each rule the events and persons meeting it and every rule
    /// before it, and the persons meeting it alone.
    /// </summary>
    public string AttritionSql
    {
        get
        {
            var columns = new StringBuilder("count(*) AS events, count(DISTINCT person_id) AS persons");
            for (var rule = 0; rule < RuleCount; rule++)
            {
                var upTo = (1L << (rule + 1)) - 1; // structural: the number of rules, never a user value
                columns.Append($", count(*) FILTER (WHERE mask & {upTo} = {upTo}), count(DISTINCT person_id) FILTER (WHERE mask & {upTo} = {upTo})");
                columns.Append($", count(DISTINCT person_id) FILTER (WHERE mask & {1L << rule} <> 0)");
            }
            return CommonTableExpressions + $", masked AS (SELECT q.*, {MaskExpression} AS mask FROM qualified q)\nSELECT {columns} FROM masked";
        }
    }
}

public static class CohortSqlCompiler
{
    /// <summary>
    /// The first of two queries: the concepts of each concept set, resolved in the vocabulary
    /// (codeset_id, concept_id). Its answer is bound into <see cref="Compile"/>'s query as arrays, so that the
    /// planner sees the actual concepts, as it would in a hand-written IN list.
    /// </summary>
    public static (string Sql, IReadOnlyList<object> Parameters) CompileConceptSets(CohortDefinition definition)
    {
        var query = new QueryBuilder();
        return ("WITH " + Codesets(definition.ConceptSets, query) + "\nSELECT codeset_id, concept_id FROM codesets", query.Parameters);
    }

    /// <param name="conceptSets">Each concept set's resolved concepts (from <see cref="CompileConceptSets"/>).</param>
    public static CompiledCohort Compile(CohortDefinition definition, IReadOnlyDictionary<int, long[]> conceptSets)
    {
        // The attrition mask holds a bit per rule; the reader refuses more rules, definitions built in code are checked here.
        if (definition.InclusionRules.Count > DefinitionLimits.MaxInclusionRules)
        {
            throw new UnsupportedCohortElementException("$.InclusionRules", $"at most {DefinitionLimits.MaxInclusionRules} inclusion rules");
        }
        var query = new QueryBuilder(conceptSets);
        // Each rule's condition is compiled once and used twice, with the same placeholders: as a bit of the
        // attrition mask, and AND-ed in the WHERE clause that selects the cohort, where the planner can turn
        // EXISTS into a semi-join (it cannot inside the mask's CASE). The count never computes the mask.
        var rules = definition.InclusionRules.Select(rule => Group(rule.Expression, query)).ToList();
        var sql = new StringBuilder("WITH ");

        var primary = definition.PrimaryCriteria;
        string censoredStart = CensorStart(definition, query), censoredEnd = CensorEnd(definition, query);
        sql.Append($"""
            windowed_events AS (
              SELECT e.person_id, e.start_date, e.end_date, e.visit_id, op.observation_period_start_date AS op_start, op.observation_period_end_date AS op_end
              FROM ({string.Join("\n  UNION ALL\n  ", primary.Criteria.Select(c => Events(c, query)))}) e
              JOIN cdm.observation_period op ON op.person_id = e.person_id
                AND e.start_date BETWEEN op.observation_period_start_date AND op.observation_period_end_date
              WHERE op.observation_period_start_date + {query.Add(primary.PriorDays)}::integer <= e.start_date
                AND e.start_date + {query.Add(primary.PostDays)}::integer <= op.observation_period_end_date),
            index_events AS ({Limited("windowed_events", primary.Limit)}),
            qualified AS ({(primary.Limit == EventLimit.All ? Limited("index_events", definition.EffectiveQualifiedLimit) : "SELECT * FROM index_events")}),
            passing AS (
              SELECT * FROM qualified q WHERE {(rules.Count == 0 ? "true" : string.Join("\n AND ", rules))}),
            included AS ({(primary.Limit == EventLimit.All && definition.EffectiveQualifiedLimit == EventLimit.All
                ? Limited("passing", definition.ExpressionLimit)
                : "SELECT * FROM passing")}),
            {ExposureEras(definition.EndStrategy, query)}ended AS (
              SELECT i.person_id, i.start_date, {End(definition, query)} AS end_date FROM included i),
            windowed_periods AS (
              SELECT person_id, {censoredStart} AS start_date, {censoredEnd} AS end_date FROM ended WHERE {censoredStart} <= {censoredEnd})

            """);
        var (eraCollapse, countQuery) = Eras(definition, query);
        return new CompiledCohort(sql.ToString(), query.Parameters, definition.InclusionRules.Count, Mask(rules), eraCollapse, countQuery);
    }

    /// <summary>
    /// Era collapse: periods closer than the pad join into one. With at most one period per person (a First or
    /// Last limit anywhere) nothing can join, and no window pass is compiled.
    /// </summary>
    private static (string EraCollapse, string CountQuery) Eras(CohortDefinition definition, QueryBuilder query)
    {
        var onePeriodPerPerson = definition.PrimaryCriteria.Limit != EventLimit.All || definition.EffectiveQualifiedLimit != EventLimit.All
            || definition.ExpressionLimit != EventLimit.All;
        if (onePeriodPerPerson)
        {
            return (", cohort_periods AS (SELECT person_id, start_date, end_date FROM windowed_periods)\n",
                "SELECT count(*) AS persons, count(*) AS entries FROM windowed_periods");
        }
        var eraStarts = $"""
            , era_starts AS (
              SELECT person_id, start_date, end_date,
                coalesce(max(end_date) OVER (PARTITION BY person_id ORDER BY start_date, end_date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                  + {query.Add(definition.EraPad)}::integer < start_date, true) AS starts_era
              FROM windowed_periods)

            """;
        return (eraStarts + """
            , eras AS (
              SELECT person_id, start_date, end_date, count(*) FILTER (WHERE starts_era) OVER (PARTITION BY person_id ORDER BY start_date, end_date ROWS UNBOUNDED PRECEDING) AS era
              FROM era_starts),
            cohort_periods AS (
              SELECT person_id, min(start_date) AS start_date, max(end_date) AS end_date FROM eras GROUP BY person_id, era)

            """,
            eraStarts + "SELECT count(DISTINCT person_id) AS persons, count(*) FILTER (WHERE starts_era) AS entries FROM era_starts");
    }

    /// <summary>(codeset_id, concept_id): items with their descendants and mapped source concepts, minus the excluded ones.</summary>
    private static string Codesets(IReadOnlyList<ConceptSet> conceptSets, QueryBuilder query)
    {
        var items = conceptSets.SelectMany(set => set.Items.Select(item => (set.Id, item))).ToList();
        if (items.Count == 0)
        {
            return "codesets AS (SELECT NULL::integer AS codeset_id, NULL::bigint AS concept_id WHERE false)";
        }
        return $"""
            concept_set_items AS (
              SELECT * FROM unnest({query.Add(items.Select(i => i.Id).ToArray())}::integer[], {query.Add(items.Select(i => i.item.ConceptId).ToArray())}::bigint[],
                {query.Add(items.Select(i => i.item.IncludeDescendants).ToArray())}::boolean[], {query.Add(items.Select(i => i.item.IncludeMapped).ToArray())}::boolean[],
                {query.Add(items.Select(i => i.item.IsExcluded).ToArray())}::boolean[]) AS i(codeset_id, concept_id, descendants, mapped, excluded)),
            expanded_items AS (
              SELECT codeset_id, concept_id, mapped, excluded FROM concept_set_items
              UNION SELECT i.codeset_id, ca.descendant_concept_id, i.mapped, i.excluded
                FROM concept_set_items i JOIN cdm.concept_ancestor ca ON ca.ancestor_concept_id = i.concept_id WHERE i.descendants),
            resolved_items AS (
              SELECT codeset_id, concept_id, excluded FROM expanded_items
              UNION SELECT e.codeset_id, cr.concept_id_1, e.excluded
                FROM expanded_items e JOIN cdm.concept_relationship cr ON cr.concept_id_2 = e.concept_id AND cr.relationship_id = 'Maps to' AND cr.invalid_reason IS NULL
                WHERE e.mapped),
            codesets AS (
              SELECT codeset_id, concept_id FROM resolved_items WHERE NOT excluded
              EXCEPT SELECT codeset_id, concept_id FROM resolved_items WHERE excluded)
            """;
    }

    /// <summary>
    /// An OMOP table's columns for events; <see cref="Visit"/> null where events belong to no visit (eras, deaths, periods);
    /// <see cref="Source"/> the rows when they are not the table itself.
    /// </summary>
    private sealed record Table(string Name, string? Concept, string Start, string End, string? Visit = "visit_occurrence_id", string? Source = null);

    /// <summary>Note mentions (NOTE_NLP) take their person, date and visit from their note.</summary>
    private const string NoteMentions = """
        (SELECT n.person_id, n.note_date, n.visit_occurrence_id, x.note_nlp_concept_id, x.term_exists
         FROM cdm.note_nlp x JOIN cdm.note n ON n.note_id = x.note_id)
        """;

    private static Table TableOf(CriterionDomain domain)
    {
        var name = domain.TableName();
        return domain switch
        {
            CriterionDomain.ConditionOccurrence => new(name, "condition_concept_id", "condition_start_date", "coalesce(e.condition_end_date, e.condition_start_date + 1)"),
            CriterionDomain.DrugExposure => new(name, "drug_concept_id", "drug_exposure_start_date",
                "coalesce(e.drug_exposure_end_date, e.drug_exposure_start_date + e.days_supply, e.drug_exposure_start_date + 1)"),
            CriterionDomain.DrugEra => new(name, "drug_concept_id", "drug_era_start_date", "e.drug_era_end_date", null),
            CriterionDomain.ConditionEra => new(name, "condition_concept_id", "condition_era_start_date", "e.condition_era_end_date", null),
            CriterionDomain.Measurement => new(name, "measurement_concept_id", "measurement_date", "e.measurement_date + 1"),
            CriterionDomain.ProcedureOccurrence => new(name, "procedure_concept_id", "procedure_date", "e.procedure_date + 1"),
            CriterionDomain.Observation => new(name, "observation_concept_id", "observation_date", "e.observation_date + 1"),
            CriterionDomain.VisitOccurrence => new(name, "visit_concept_id", "visit_start_date", "e.visit_end_date"),
            CriterionDomain.Death => new(name, "cause_concept_id", "death_date", "e.death_date + 1", null),
            CriterionDomain.NoteNlp => new(name, "note_nlp_concept_id", "note_date", "e.note_date + 1", Source: NoteMentions),
            _ => new(name, null, "observation_period_start_date", "e.observation_period_end_date", null),
        };
    }

    /// <summary>The criterion's events: person_id, start_date, end_date, concept_id.</summary>
    private static string Events(Criterion criterion, QueryBuilder query)
    {
        var table = TableOf(criterion.Domain);
        if (table.Concept is null && criterion.CodesetId is not null)
        {
            throw new UnsupportedCohortElementException($"{criterion.Domain}.CodesetId", "this criterion has no concept");
        }
        var concept = table.Concept is null ? "NULL::bigint" : $"e.{table.Concept}";
        var codeset = criterion.CodesetId is { } id
            ? $" AND e.{table.Concept} = ANY({query.Add(query.ConceptSet(id))}::bigint[])"
            : "";
        var value = criterion.ValueAsNumber is { } range ? " AND " + Range("e.value_as_number", range, query) : "";
        var termExists = criterion.TermExists is { } exists ? $" AND e.term_exists = {query.Add(exists)}" : "";
        var visit = table.Visit is null ? "NULL::bigint" : $"e.{table.Visit}";
        var events = $"SELECT e.person_id, e.{table.Start} AS start_date, {table.End} AS end_date, {concept} AS concept_id, {visit} AS visit_id "
            + $"FROM {table.Source ?? "cdm." + table.Name} e WHERE true{codeset}{value}{termExists}{MeasurementConditions(criterion.Measurement, query)}";
        return criterion.FirstOccurrenceOnly
            ? $"SELECT person_id, start_date, end_date, concept_id, visit_id FROM (SELECT f.*, row_number() OVER (PARTITION BY f.person_id ORDER BY f.start_date, f.end_date) AS occurrence FROM ({events}) f) first_events WHERE occurrence = 1"
            : events;
    }

    private static string MeasurementConditions(MeasurementFilter? filter, QueryBuilder query)
    {
        if (filter is null)
        {
            return "";
        }
        var conditions = new StringBuilder();
        if (filter.UnitConceptIds.Count > 0)
        {
            conditions.Append($" AND e.unit_concept_id = ANY({query.Add(filter.UnitConceptIds.ToArray())}::bigint[])");
        }
        if (filter.ValueConceptIds.Count > 0)
        {
            conditions.Append($" AND e.value_as_concept_id = ANY({query.Add(filter.ValueConceptIds.ToArray())}::bigint[])");
        }
        if (filter.RangeLow is { } low)
        {
            conditions.Append(" AND " + Range("e.range_low", low, query));
        }
        if (filter.RangeHigh is { } high)
        {
            conditions.Append(" AND " + Range("e.range_high", high, query));
        }
        return conditions.ToString();
    }

    /// <summary>
    /// Each person's first or last event (ties broken by end date: tied events are the same period), or all.
    /// Once a step has kept one event per person, later First/Last limits are no-ops and are not compiled.
    /// </summary>
    private static string Limited(string source, EventLimit limit) => limit switch
    {
        EventLimit.All => $"SELECT person_id, start_date, end_date, visit_id, op_start, op_end FROM {source} all_events",
        _ => $"""
            SELECT person_id, start_date, end_date, visit_id, op_start, op_end FROM (
              SELECT s.person_id, s.start_date, s.end_date, s.visit_id, s.op_start, s.op_end,
                row_number() OVER (PARTITION BY s.person_id ORDER BY s.start_date {(limit == EventLimit.First ? "ASC" : "DESC")}, s.end_date) AS ordinal
              FROM {source} s) limited WHERE ordinal = 1
            """,
    };

    private static string Mask(IReadOnlyList<string> rules) => rules.Count == 0
        ? "0::bigint"
        : string.Join(" + ", rules.Select((rule, i) => $"(CASE WHEN {rule} THEN {1L << i} ELSE 0 END)::bigint"));

    private static string Group(CriteriaGroup group, QueryBuilder query)
    {
        var parts = group.Criteria.Select(c => Correlated(c, query))
            .Concat(group.Demographics.Select(d => Demographic(d, query)))
            .Concat(group.Groups.Select(g => Group(g, query)))
            .ToList();
        if (parts.Count == 0)
        {
            return "true";
        }
        return group.Type switch
        {
            GroupType.All => "(" + string.Join(" AND ", parts) + ")",
            GroupType.Any => "(" + string.Join(" OR ", parts) + ")",
            GroupType.AtLeast => $"(({string.Join(" + ", parts.Select(p => $"({p})::integer"))}) >= {query.Add(group.Count ?? 0)}::integer)",
            _ => $"(({string.Join(" + ", parts.Select(p => $"({p})::integer"))}) <= {query.Add(group.Count ?? 0)}::integer)",
        };
    }

    /// <summary>How many of the criterion's events fall in the window around the index event, within its observation period (unless ignored) and, when restricted, its visit.</summary>
    private static string Correlated(CorrelatedCriterion correlated, QueryBuilder query)
    {
        var conditions = new List<string> { "c.person_id = q.person_id" };
        if (!correlated.IgnoreObservationPeriod)
        {
            conditions.AddRange(["c.start_date >= q.op_start", "c.start_date <= q.op_end"]);
        }
        if (correlated.RestrictVisit)
        {
            conditions.Add("c.visit_id = q.visit_id"); // Cohort360's and i2b2's "same encounter"
        }
        conditions.AddRange(WindowConditions(correlated.StartWindow, "c.start_date", query));
        if (correlated.EndWindow is { } end)
        {
            conditions.AddRange(WindowConditions(end, "c.end_date", query));
        }
        var occurrence = correlated.Occurrence;
        var op = occurrence.Type switch { OccurrenceType.Exactly => "=", OccurrenceType.AtMost => "<=", _ => ">=" };
        var matches = $"FROM ({Events(correlated.Criterion, query)}) c WHERE {string.Join(" AND ", conditions)}";
        if (occurrence.IsDistinct)
        {
            return $"((SELECT count(DISTINCT c.concept_id) {matches}) {op} {query.Add(occurrence.Count)}::integer)";
        }
        // The usual cases, "at least one" and "none", as (NOT) EXISTS: semi- and anti-joins for the planner.
        if (occurrence is { Type: OccurrenceType.AtLeast, Count: 1 })
        {
            return $"EXISTS (SELECT 1 {matches})";
        }
        if (occurrence is { Type: OccurrenceType.Exactly or OccurrenceType.AtMost, Count: 0 })
        {
            return $"NOT EXISTS (SELECT 1 {matches})";
        }
        // Counting stops once the answer is known: n + 1 rows decide "at least / at most / exactly n".
        var count = query.Add(occurrence.Count);
        return $"((SELECT count(*) FROM (SELECT 1 {matches} LIMIT {count}::integer + 1) enough) {op} {count}::integer)";
    }

    private static IEnumerable<string> WindowConditions(Window window, string eventDateByDefault, QueryBuilder query)
    {
        var anchor = window.UseIndexEnd ? "q.end_date" : "q.start_date";
        var eventDate = window.UseEventEnd ? "c.end_date" : eventDateByDefault;
        if (window.StartDays is { } startDays)
        {
            yield return $"{eventDate} >= {anchor} + {query.Add(startDays * window.StartCoeff)}::integer";
        }
        if (window.EndDays is { } endDays)
        {
            yield return $"{eventDate} <= {anchor} + {query.Add(endDays * window.EndCoeff)}::integer";
        }
    }

    private static string Demographic(DemographicCriterion demographic, QueryBuilder query)
    {
        var conditions = new List<string> { "p.person_id = q.person_id" };
        if (demographic.Age is { } age)
        {
            conditions.Add(Range("(extract(year FROM q.start_date)::integer - p.year_of_birth)", age, query));
        }
        if (demographic.GenderConceptIds.Count > 0)
        {
            conditions.Add($"p.gender_concept_id = ANY({query.Add(demographic.GenderConceptIds.ToArray())}::bigint[])");
        }
        return $"EXISTS (SELECT 1 FROM cdm.person p WHERE {string.Join(" AND ", conditions)})";
    }

    private static string Range(string expression, NumericRange range, QueryBuilder query)
    {
        var value = $"{query.Add(range.Value)}::numeric";
        return range.Op switch
        {
            RangeOp.Lt => $"{expression} < {value}",
            RangeOp.Lte => $"{expression} <= {value}",
            RangeOp.Eq => $"{expression} = {value}",
            RangeOp.Neq => $"{expression} <> {value}",
            RangeOp.Gt => $"{expression} > {value}",
            RangeOp.Gte => $"{expression} >= {value}",
            RangeOp.Bt => $"{expression} BETWEEN {value} AND {query.Add(range.Extent!.Value)}::numeric",
            _ => $"NOT ({expression} BETWEEN {value} AND {query.Add(range.Extent!.Value)}::numeric)",
        };
    }

    /// <summary>
    /// The earliest of the end of observation, the end strategy's date and the first censoring event. As in Circe,
    /// only ends on or after the index date count (a negative offset falls back to the end of observation).
    /// </summary>
    private static string End(CohortDefinition definition, QueryBuilder query)
    {
        var ends = new List<string> { "i.op_end" };
        switch (definition.EndStrategy)
        {
            case DateOffset offset:
                var shifted = $"{(offset.FromEndDate ? "i.end_date" : "i.start_date")} + {query.Add(offset.Offset)}::integer";
                ends.Add($"CASE WHEN {shifted} >= i.start_date THEN {shifted} END");
                break;
            case ContinuousExposure:
                ends.Add("(SELECT min(d.era_end) FROM exposure_eras d WHERE d.person_id = i.person_id AND i.start_date BETWEEN d.era_start AND d.era_end)");
                break;
        }
        ends.AddRange(definition.CensoringCriteria.Select(criterion =>
            $"(SELECT min(c.start_date) FROM ({Events(criterion, query)}) c WHERE c.person_id = i.person_id AND c.start_date BETWEEN i.start_date AND i.op_end)"));
        return ends.Count == 1 ? ends[0] : $"least({string.Join(", ", ends)})";
    }

    /// <summary>
    /// For <see cref="ContinuousExposure"/>: the included persons' eras of exposure to the drug, exposures joined
    /// when the next starts within the gap after the previous ends (Circe's CustomEra, end = last exposure's end + offset).
    /// </summary>
    private static string ExposureEras(EndStrategy strategy, QueryBuilder query)
    {
        if (strategy is not ContinuousExposure era)
        {
            return "";
        }
        var concepts = query.Add(query.ConceptSet(era.DrugCodesetId));
        var exposureEnd = era.DaysSupplyOverride is { } days
            ? $"de.drug_exposure_start_date + {query.Add(days)}::integer"
            : "coalesce(de.drug_exposure_end_date, de.drug_exposure_start_date + de.days_supply, de.drug_exposure_start_date + 1)";
        var gap = query.Add(era.GapDays);
        return $"""
            exposures AS (
              SELECT de.person_id, de.drug_exposure_start_date AS start_date, {exposureEnd} + {gap}::integer + {query.Add(era.Offset)}::integer AS padded_end
              FROM cdm.drug_exposure de
              WHERE (de.drug_concept_id = ANY({concepts}::bigint[]) OR de.drug_source_concept_id = ANY({concepts}::bigint[]))
                AND de.person_id IN (SELECT person_id FROM included)),
            exposure_starts AS (
              SELECT person_id, start_date, padded_end,
                CASE WHEN max(padded_end) OVER (PARTITION BY person_id ORDER BY start_date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) >= start_date THEN 0 ELSE 1 END AS is_start
              FROM exposures),
            exposure_groups AS (
              SELECT person_id, start_date, padded_end, sum(is_start) OVER (PARTITION BY person_id ORDER BY start_date, is_start DESC ROWS UNBOUNDED PRECEDING) AS era
              FROM exposure_starts),
            exposure_eras AS (
              SELECT person_id, min(start_date) AS era_start, max(padded_end) - {gap}::integer AS era_end FROM exposure_groups GROUP BY person_id, era),

            """;
    }

    private static string CensorStart(CohortDefinition definition, QueryBuilder query) =>
        definition.CensorStart is { } start ? $"greatest(start_date, {query.Add(start)}::date)" : "start_date";

    private static string CensorEnd(CohortDefinition definition, QueryBuilder query) =>
        definition.CensorEnd is { } end ? $"least(end_date, {query.Add(end)}::date)" : "end_date";

    /// <summary>Collects parameter values and hands out their placeholders.</summary>
    private sealed class QueryBuilder(IReadOnlyDictionary<int, long[]>? conceptSets = null)
    {
        public List<object> Parameters { get; } = [];

        public long[] ConceptSet(int id) => conceptSets?.GetValueOrDefault(id) ?? [];

        public string Add(object value)
        {
            Parameters.Add(value);
            return "$" + Parameters.Count;
        }
    }
}
