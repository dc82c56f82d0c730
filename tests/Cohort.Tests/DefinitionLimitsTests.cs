using System.Text.Json.Nodes;
using EdsPlatform.Cohort.Definitions;

namespace EdsPlatform.Cohort.Tests;

/// <summary>Definitions that would overflow, loop or run for ever are refused when read (at submission), with the path of the culprit.</summary>
public class DefinitionLimitsTests
{
    private const string AtLeastOneDrugEra = """
        {"Criteria": {"DrugEra": {"CodesetId": 0}}, "StartWindow": {"Start": {"Days": 365, "Coeff": -1}, "End": {"Days": 0, "Coeff": 1}},
         "Occurrence": {"Type": 2, "Count": 1}}
        """;

    public static TheoryData<string, string> Refused() => new()
    {
        { "500 inclusion rules", "$.InclusionRules" },
        { "occurrence count 2147483647", "$.InclusionRules[0].expression.CriteriaList[0].Occurrence.Count" },
        { "negative occurrence count", "$.InclusionRules[0].expression.CriteriaList[0].Occurrence.Count" },
        { "10,000 primary criteria", "$.PrimaryCriteria.CriteriaList" },
        { "a 10⁹-day era gap", "$.EndStrategy.CustomEra.GapDays" },
        { "a 10⁹-day era pad", "$.CollapseSettings.EraPad" },
        { "a negative observation window", "$.PrimaryCriteria.ObservationWindow.PriorDays" },
        { "negative window days", "$.InclusionRules[0].expression.CriteriaList[0].StartWindow.Start.Days" },
        { "a window coefficient of 1000", "$.InclusionRules[0].expression.CriteriaList[0].StartWindow.Start.Coeff" },
        { "duplicate concept set ids", "$.ConceptSets" },
        { "a group nested 11 deep", "$.InclusionRules[0].expression.Groups[0].Groups[0].Groups[0].Groups[0].Groups[0].Groups[0].Groups[0].Groups[0].Groups[0].Groups[0]" },
        { "a 5,000-character rule name", "$.InclusionRules[0].name" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Out_of_range_definitions_are_refused_with_their_path(string change, string path)
    {
        var json = Change(change);
        var refused = Assert.Throws<UnsupportedCohortElementException>(() => CirceJson.Read(json.ToJsonString()));
        Assert.Equal(path, refused.Path);
    }

    [Fact]
    public void Values_at_the_limits_are_accepted()
    {
        var json = Definition();
        json["InclusionRules"] = new JsonArray([.. Enumerable.Range(0, DefinitionLimits.MaxInclusionRules).Select(i => Rule($"rule {i}"))]);
        json["InclusionRules"]![0]!["expression"]!["CriteriaList"]![0]!["Occurrence"]!["Count"] = DefinitionLimits.MaxCount;
        json["EndStrategy"] = new JsonObject
        {
            ["CustomEra"] = new JsonObject { ["DrugCodesetId"] = 0, ["GapDays"] = DefinitionLimits.MaxDays, ["Offset"] = -DefinitionLimits.MaxDays },
        };

        var definition = CirceJson.Read(json.ToJsonString());

        Assert.Equal(DefinitionLimits.MaxInclusionRules, definition.InclusionRules.Count);
        Assert.Equal(DefinitionLimits.MaxDays, ((ContinuousExposure)definition.EndStrategy).GapDays);
    }

    [Fact]
    public void A_definition_names_every_patient_level_table_it_reads()
    {
        var json = Definition();
        json["InclusionRules"] = new JsonArray(Rule("drug era before"));
        json["CensoringCriteria"] = JsonNode.Parse("""[{"Death": {}}]""");
        json["EndStrategy"] = JsonNode.Parse("""{"CustomEra": {"DrugCodesetId": 0}}""");

        Assert.Equal(["condition_occurrence", "death", "drug_era", "drug_exposure", "observation_period", "person"],
            CirceJson.Read(json.ToJsonString()).TablesRead());
        Assert.Equal(["drug_era", "observation_period", "person"], CirceJson.Read(EunomiaDefinitions.Json("celecoxibAge40Male")).TablesRead());
    }

    private static JsonNode Change(string change)
    {
        var json = Definition();
        json["InclusionRules"] = new JsonArray(Rule("drug era before"));
        var correlated = json["InclusionRules"]![0]!["expression"]!["CriteriaList"]![0]!;
        switch (change)
        {
            case "500 inclusion rules":
                json["InclusionRules"] = new JsonArray([.. Enumerable.Range(0, 500).Select(i => Rule($"rule {i}"))]);
                break;
            case "occurrence count 2147483647":
                correlated["Occurrence"]!["Count"] = int.MaxValue;
                break;
            case "negative occurrence count":
                correlated["Occurrence"]!["Count"] = -1;
                break;
            case "10,000 primary criteria":
                json["PrimaryCriteria"]!["CriteriaList"] = new JsonArray([.. Enumerable.Range(0, 10_000).Select(_ => JsonNode.Parse("""{"ConditionOccurrence": {"CodesetId": 0}}"""))]);
                break;
            case "a 10⁹-day era gap":
                json["EndStrategy"] = JsonNode.Parse("""{"CustomEra": {"DrugCodesetId": 0, "GapDays": 1000000000}}""");
                break;
            case "a 10⁹-day era pad":
                json["CollapseSettings"] = JsonNode.Parse("""{"CollapseType": "ERA", "EraPad": 1000000000}""");
                break;
            case "a negative observation window":
                json["PrimaryCriteria"]!["ObservationWindow"] = JsonNode.Parse("""{"PriorDays": -30, "PostDays": 0}""");
                break;
            case "negative window days":
                correlated["StartWindow"]!["Start"]!["Days"] = -10_000;
                break;
            case "a window coefficient of 1000":
                correlated["StartWindow"]!["Start"]!["Coeff"] = 1000;
                break;
            case "duplicate concept set ids":
                json["ConceptSets"]!.AsArray().Add(json["ConceptSets"]![0]!.DeepClone());
                break;
            case "a group nested 11 deep":
                var group = json["InclusionRules"]![0]!["expression"]!;
                for (var depth = 0; depth < 10; depth++)
                {
                    var inner = JsonNode.Parse("""{"Type": "ALL"}""")!;
                    group["Groups"] = new JsonArray(inner);
                    group = inner;
                }
                break;
            case "a 5,000-character rule name":
                json["InclusionRules"]![0]!["name"] = new string('x', 5_000);
                break;
        }
        return json;
    }

    private static JsonNode Definition() => JsonNode.Parse("""
        {
          "ConceptSets": [{"id": 0, "name": "any", "expression": {"items": [{"concept": {"CONCEPT_ID": 1118084}}]}}],
          "PrimaryCriteria": {"CriteriaList": [{"ConditionOccurrence": {"CodesetId": 0}}], "PrimaryCriteriaLimit": {"Type": "All"}}
        }
        """)!;

    private static JsonNode Rule(string name) => new JsonObject
    {
        ["name"] = name,
        ["expression"] = new JsonObject { ["Type"] = "ALL", ["CriteriaList"] = new JsonArray(JsonNode.Parse(AtLeastOneDrugEra)) },
    };
}
