using System.Text.Json.Nodes;
using EdsPlatform.Cohort.Definitions;

namespace EdsPlatform.Cohort.Tests;

public class CirceJsonTests
{
    [Fact]
    public void The_shared_eunomia_definitions_are_read_with_their_meaning()
    {
        var celecoxib = CirceJson.Read(EunomiaDefinitions.Json("celecoxib"));
        var item = Assert.Single(Assert.Single(celecoxib.ConceptSets).Items);
        Assert.Equal(1118084, item.ConceptId);
        var criterion = Assert.Single(celecoxib.PrimaryCriteria.Criteria);
        Assert.Equal(new Criterion(CriterionDomain.DrugEra, 0, false, null), criterion);
        Assert.Equal(EventLimit.First, celecoxib.PrimaryCriteria.Limit);
        Assert.Empty(celecoxib.InclusionRules);
        Assert.IsType<ObservationEnd>(celecoxib.EndStrategy);

        var male = CirceJson.Read(EunomiaDefinitions.Json("celecoxibAge40Male"));
        Assert.Equal(["Age > 40", "Gender = MALE"], male.InclusionRules.Select(r => r.Name));
        Assert.Equal(new NumericRange(RangeOp.Gt, 40, null), male.InclusionRules[0].Expression.Demographics[0].Age);
        Assert.Equal([8507], male.InclusionRules[1].Expression.Demographics[0].GenderConceptIds);

        Assert.Equal(new DateOnly(2000, 1, 1), CirceJson.Read(EunomiaDefinitions.Json("celecoxibCensored")).CensorStart);
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public void Export_then_import_gives_the_same_definition(string name)
    {
        var exported = CirceJson.Write(CirceJson.Read(EunomiaDefinitions.Json(name)));
        Assert.Equal(exported, CirceJson.Write(CirceJson.Read(exported)));
    }

    public static TheoryData<string> Definitions() => [.. EunomiaDefinitions.Names];

    [Fact]
    public void Measurement_unit_coded_value_and_normal_range_are_read_and_written_back_and_abnormal_is_refused()
    {
        var json = JsonNode.Parse(EunomiaDefinitions.Json("celecoxib"))!;
        json["PrimaryCriteria"]!["CriteriaList"] = JsonNode.Parse("""
            [{"Measurement": {"CodesetId": 0, "ValueAsNumber": {"Value": 7, "Op": "gt"}, "Unit": [{"CONCEPT_ID": 8840, "CONCEPT_NAME": "mg/dL"}],
              "ValueAsConcept": [{"CONCEPT_ID": 45884084}], "RangeLow": {"Value": 4, "Op": "gte"}, "RangeHigh": {"Value": 10, "Op": "lte"}}}]
            """);

        var criterion = Assert.Single(CirceJson.Read(json.ToJsonString()).PrimaryCriteria.Criteria);

        Assert.Equal(new NumericRange(RangeOp.Gt, 7, null), criterion.ValueAsNumber);
        Assert.Equal([8840L], criterion.Measurement!.UnitConceptIds);
        Assert.Equal([45884084L], criterion.Measurement.ValueConceptIds);
        Assert.Equal(new NumericRange(RangeOp.Gte, 4, null), criterion.Measurement.RangeLow);
        Assert.Equal(new NumericRange(RangeOp.Lte, 10, null), criterion.Measurement.RangeHigh);
        var exported = CirceJson.Write(CirceJson.Read(json.ToJsonString()));
        Assert.Equal(exported, CirceJson.Write(CirceJson.Read(exported)));
        Assert.Contains("\"RangeHigh\"", exported, StringComparison.Ordinal);

        json["PrimaryCriteria"]!["CriteriaList"]![0]!["Measurement"]!["Abnormal"] = true;
        Assert.Equal("$.PrimaryCriteria.CriteriaList[0].Measurement.Abnormal", Assert.Throws<UnsupportedCohortElementException>(() => CirceJson.Read(json.ToJsonString())).Path);
    }

    [Fact]
    public void Same_visit_and_ignore_observation_period_flags_are_read_and_written_back()
    {
        var json = JsonNode.Parse(EunomiaDefinitions.Json("celecoxibAge40"))!;
        var rule = json["InclusionRules"]![0]!["expression"]!;
        rule["CriteriaList"] = JsonNode.Parse("""
            [{"Criteria": {"ConditionOccurrence": {"CodesetId": 0}}, "StartWindow": {"Start": {"Coeff": -1}, "End": {"Coeff": 1}},
              "Occurrence": {"Type": 2, "Count": 1}, "RestrictVisit": true, "IgnoreObservationPeriod": true}]
            """);

        var correlated = Assert.Single(CirceJson.Read(json.ToJsonString()).InclusionRules[0].Expression.Criteria);

        Assert.True(correlated.RestrictVisit);
        Assert.True(correlated.IgnoreObservationPeriod);
        var again = Assert.Single(CirceJson.Read(CirceJson.Write(CirceJson.Read(json.ToJsonString()))).InclusionRules[0].Expression.Criteria);
        Assert.Equal(correlated, again);
    }

    [Fact]
    public void Continuous_exposure_end_and_censoring_events_are_read_and_written_back()
    {
        var json = JsonNode.Parse(EunomiaDefinitions.Json("celecoxib"))!;
        json["EndStrategy"] = JsonNode.Parse("""{"CustomEra": {"DrugCodesetId": 0, "GapDays": 30, "Offset": 7, "DaysSupplyOverride": null}}""");
        json["CensoringCriteria"] = JsonNode.Parse("""[{"Death": {}}, {"ConditionOccurrence": {"CodesetId": 0}}]""");

        var definition = CirceJson.Read(json.ToJsonString());

        Assert.Equal(new ContinuousExposure(0, 30, 7, null), definition.EndStrategy);
        Assert.Equal([new Criterion(CriterionDomain.Death, null, false, null), new Criterion(CriterionDomain.ConditionOccurrence, 0, false, null)], definition.CensoringCriteria);
        var exported = CirceJson.Write(definition);
        Assert.Equal(definition.EndStrategy, CirceJson.Read(exported).EndStrategy);
        Assert.Equal(definition.CensoringCriteria, CirceJson.Read(exported).CensoringCriteria);

        json["EndStrategy"]!["CustomEra"]!["DrugCodesetId"] = 5;
        Assert.Contains("concept set 5", Assert.Throws<UnsupportedCohortElementException>(() => CirceJson.Read(json.ToJsonString())).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$.PrimaryCriteria.CriteriaList[0].DrugEra.EraLength", """{"EraLength": {"Value": 30, "Op": "gt"}}""")]
    [InlineData("$.AdditionalCriteria", null)]
    [InlineData("$.EndStrategy.CustomEra.DrugCodesetId", null)]
    [InlineData("$.EndStrategy.PayerPlan", null)]
    [InlineData("$.CensoringCriteria[0].Death.DeathSourceConcept", null)]
    [InlineData("$.PrimaryCriteria.CriteriaList[0].DrugEra.CodesetId", """{"CodesetId": "zero"}""")]
    public void An_element_outside_the_subset_is_refused_by_its_path(string path, string? drugEraAttributes)
    {
        var json = JsonNode.Parse(EunomiaDefinitions.Json("celecoxib"))!.AsObject();
        switch (path)
        {
            case "$.AdditionalCriteria":
                json["AdditionalCriteria"] = JsonNode.Parse("""{"Type": "ALL", "CriteriaList": [{"Criteria": {"Death": {}}}]}""");
                break;
            case "$.EndStrategy.CustomEra.DrugCodesetId":
                json["EndStrategy"] = JsonNode.Parse("""{"CustomEra": {"GapDays": 30}}""");
                break;
            case "$.EndStrategy.PayerPlan":
                json["EndStrategy"] = JsonNode.Parse("""{"PayerPlan": {"Offset": 0}}""");
                break;
            case "$.CensoringCriteria[0].Death.DeathSourceConcept":
                json["CensoringCriteria"] = JsonNode.Parse("""[{"Death": {"DeathSourceConcept": 4}}]""");
                break;
            default:
                var attributes = JsonNode.Parse(drugEraAttributes!)!.AsObject();
                foreach (var (key, value) in attributes.ToList())
                {
                    attributes.Remove(key);
                    json["PrimaryCriteria"]!["CriteriaList"]![0]!["DrugEra"]![key] = value;
                }
                break;
        }

        var refused = Assert.Throws<UnsupportedCohortElementException>(() => CirceJson.Read(json.ToJsonString()));

        Assert.Equal(path, refused.Path);
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_criterion_on_an_undefined_concept_set_or_not_json_at_all_is_refused()
    {
        var json = JsonNode.Parse(EunomiaDefinitions.Json("celecoxib"))!;
        json["PrimaryCriteria"]!["CriteriaList"]![0]!["DrugEra"]!["CodesetId"] = 7;
        Assert.Contains("concept set 7", Assert.Throws<UnsupportedCohortElementException>(() => CirceJson.Read(json.ToJsonString())).Message, StringComparison.Ordinal);
        Assert.Equal("$", Assert.Throws<UnsupportedCohortElementException>(() => CirceJson.Read("{not json")).Path);
    }
}
