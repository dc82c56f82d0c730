namespace EdsPlatform.Web;

// The cohort API's answers as the pages use them.

public sealed record ShownCount(long? Value, string Display);

public sealed record AttritionStep(string Rule, ShownCount Persons, ShownCount Events, ShownCount? PersonsMeetingRuleAlone);

public sealed record Breakdown(string Key, ShownCount Persons);

public sealed record CohortResult(ShownCount Persons, ShownCount Entries, ShownCount QualifiedPersons, IReadOnlyList<AttritionStep> Attrition,
    IReadOnlyList<Breakdown> BySex, IReadOnlyList<Breakdown> ByAgeBand, IReadOnlyList<Breakdown> ByAgeBandAndSex, IReadOnlyList<Breakdown> ByIndexYear, string DataVersion);

public sealed record CohortJob(int Id, string Mode, string Status, float Progress, CohortResult? Result, bool FromCache, ShownCount? Members, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? Project)
{
    public bool IsOver => Status is "succeeded" or "failed" or "cancelled";
}

public sealed record CohortMember(string Person, DateOnly Start, DateOnly End);

public sealed record CohortMembers(int JobId, int Offset, IReadOnlyList<CohortMember> Members);

public sealed record ConceptMatch(long ConceptId, string Name, string Domain, string Vocabulary, string Code, bool IsStandard);

/// <summary>A first definition to start from: the researcher's classic question on the synthetic hospital.</summary>
public static class CohortExamples
{
    public const string CovidUnderImmunosuppressants = """
        {
          "ConceptSets": [
            { "id": 0, "name": "COVID-19", "expression": { "items": [ { "concept": { "CONCEPT_ID": 2000100001, "CONCEPT_NAME": "COVID-19, virus identifié" } } ] } },
            { "id": 1, "name": "Azathioprine ou mycophénolate", "expression": { "items": [
              { "concept": { "CONCEPT_ID": 2000200001, "CONCEPT_NAME": "azathioprine" } },
              { "concept": { "CONCEPT_ID": 2000200002, "CONCEPT_NAME": "acide mycophénolique" } } ] } }
          ],
          "PrimaryCriteria": {
            "CriteriaList": [ { "ConditionOccurrence": { "CodesetId": 0 } } ],
            "ObservationWindow": { "PriorDays": 0, "PostDays": 0 },
            "PrimaryCriteriaLimit": { "Type": "First" }
          },
          "InclusionRules": [
            { "name": "Immunosuppresseur dans l'année précédente", "expression": { "Type": "ALL", "CriteriaList": [
              { "Criteria": { "DrugExposure": { "CodesetId": 1 } },
                "StartWindow": { "Start": { "Days": 365, "Coeff": -1 }, "End": { "Days": 0, "Coeff": 1 } },
                "Occurrence": { "Type": 2, "Count": 1 } } ] } }
          ],
          "CensorWindow": { "StartDate": "2021-01-01" }
        }
        """;
}
