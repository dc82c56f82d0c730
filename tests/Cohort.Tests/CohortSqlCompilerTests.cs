using EdsPlatform.Cohort.Compilation;
using EdsPlatform.Cohort.Definitions;

namespace EdsPlatform.Cohort.Tests;

public class CohortSqlCompilerTests
{
    [Fact]
    public void No_value_of_the_definition_is_part_of_the_sql_text()
    {
        const string hostile = "x'); DROP TABLE cdm.person; --";
        var definition = CirceJson.Read(EunomiaDefinitions.Json("celecoxibAge40Male")) with
        {
            ConceptSets = [new ConceptSet(0, hostile, [new ConceptSetItem(1118084, hostile, true, true, false), new ConceptSetItem(987654321, hostile, false, false, true)])],
            InclusionRules = [new InclusionRule(hostile, new CriteriaGroup(GroupType.AtLeast, 1,
                [new CorrelatedCriterion(new Criterion(CriterionDomain.Measurement, 0, true, new NumericRange(RangeOp.Bt, 12.5m, 17.25m)),
                    new Window(365, -1, 0, 1, false, false), null, new Occurrence(OccurrenceType.AtLeast, 3, true))],
                [new DemographicCriterion(new NumericRange(RangeOp.Gte, 41, null), [8532])], []))],
            EndStrategy = new DateOffset(FromEndDate: false, Offset: 180),
            EraPad = 77,
            CensorEnd = new DateOnly(2019, 12, 31),
        };

        var (conceptSql, conceptParameters) = CohortSqlCompiler.CompileConceptSets(definition);
        var compiled = CohortSqlCompiler.Compile(definition, new Dictionary<int, long[]> { [0] = [1118084, 1118085] });

        foreach (var value in new[] { hostile, "DROP", "1118084", "1118085", "987654321", "12.5", "17.25", "365", "8532", "180", "77", "2019" })
        {
            Assert.DoesNotContain(value, compiled.CountSql, StringComparison.Ordinal);
            Assert.DoesNotContain(value, conceptSql, StringComparison.Ordinal);
        }
        Assert.Contains(conceptParameters, p => p is long[] ids && ids.SequenceEqual([1118084L, 987654321L]));
        Assert.Contains(compiled.Parameters, p => p is long[] ids && ids.SequenceEqual([1118084L, 1118085L]));
        Assert.Contains(12.5m, compiled.Parameters);
        Assert.Contains(new DateOnly(2019, 12, 31), compiled.Parameters);
        Assert.Equal(1, compiled.RuleCount);

        var withExposureEnd = CohortSqlCompiler.Compile(
            definition with { EndStrategy = new ContinuousExposure(0, 4545, 12321, 3131), CensoringCriteria = [new Criterion(CriterionDomain.Measurement, 0, false, new NumericRange(RangeOp.Gt, 98.76m, null))] },
            new Dictionary<int, long[]> { [0] = [1118084] });
        foreach (var value in new[] { "4545", "12321", "3131", "98.76", "1118084" })
        {
            Assert.DoesNotContain(value, withExposureEnd.CountSql, StringComparison.Ordinal);
        }
        Assert.Contains(3131, withExposureEnd.Parameters);
    }

    [Fact]
    public void Attrition_has_a_pair_of_counts_per_rule()
    {
        var compiled = CohortSqlCompiler.Compile(CirceJson.Read(EunomiaDefinitions.Json("celecoxibAge40Male")), new Dictionary<int, long[]>());
        Assert.Equal(2, compiled.RuleCount);
        Assert.Contains("mask & 3 = 3", compiled.AttritionSql, StringComparison.Ordinal);
    }

    [Fact]
    public void An_observation_period_criterion_takes_no_concept_set()
    {
        var definition = CirceJson.Read(EunomiaDefinitions.Json("celecoxib"));
        var onPeriods = definition with { PrimaryCriteria = definition.PrimaryCriteria with { Criteria = [new Criterion(CriterionDomain.ObservationPeriod, 0, false, null)] } };
        Assert.Throws<UnsupportedCohortElementException>(() => CohortSqlCompiler.Compile(onPeriods, new Dictionary<int, long[]>()));
    }
}
