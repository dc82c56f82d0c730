namespace EdsPlatform.Web;

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
