using System.Text.Json.Nodes;
using EdsPlatform.Cohort.Definitions;

namespace EdsPlatform.Cohort.Tests;

/// <summary>The platform's extension to Circe: a concept mentioned in a note (OMOP NOTE_NLP), affirmed or not.</summary>
public class NoteMentionCriterionTests
{
    private const string CovidMentioned = """
        {
          "ConceptSets": [ { "id": 0, "name": "COVID-19", "expression": { "items": [ { "concept": { "CONCEPT_ID": 2000100001 } } ] } } ],
          "PrimaryCriteria": { "CriteriaList": [ { "NoteNlp": { "CodesetId": 0, "TermExists": "Y" } } ], "ObservationWindow": { "PriorDays": 0, "PostDays": 0 } }
        }
        """;

    [Fact]
    public void A_note_mention_is_read_written_back_and_its_export_says_it_is_an_extension()
    {
        var definition = CirceJson.Read(CovidMentioned);
        Assert.Equal(new Criterion(CriterionDomain.NoteNlp, 0, false, null, null, "Y"), Assert.Single(definition.PrimaryCriteria.Criteria));
        Assert.True(definition.UsesPlatformExtensions);
        Assert.Superset(new SortedSet<string> { "note", "note_nlp", "person", "observation_period" }, new SortedSet<string>(definition.TablesRead()));

        var exported = CirceJson.Write(definition);
        Assert.Contains("ATLAS", JsonNode.Parse(exported)![CirceJson.PlatformExtensionsKey]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(exported, CirceJson.Write(CirceJson.Read(exported)));
        // A definition without the extension carries no notice.
        Assert.Null(JsonNode.Parse(CirceJson.Write(CirceJson.Read(EunomiaDefinitions.Json("celecoxib"))))![CirceJson.PlatformExtensionsKey]);
    }

    [Fact]
    public void Term_exists_is_Y_N_or_absent()
    {
        var either = CirceJson.Read(CovidMentioned.Replace(", \"TermExists\": \"Y\"", "", StringComparison.Ordinal));
        Assert.Null(Assert.Single(either.PrimaryCriteria.Criteria).TermExists);
        var wrong = Assert.Throws<UnsupportedCohortElementException>(() => CirceJson.Read(CovidMentioned.Replace("\"Y\"", "\"maybe\"", StringComparison.Ordinal)));
        Assert.Contains("TermExists", wrong.Path, StringComparison.Ordinal);
    }
}
