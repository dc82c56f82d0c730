using EdsPlatform.Cohort.Compilation;
using EdsPlatform.Cohort.Definitions;
using EdsPlatform.Cohort.Infrastructure;
using EdsPlatform.DataAccess;
using Npgsql;

namespace EdsPlatform.IntegrationTests;

/// <summary>OHDSI's Eunomia definitions compiled and run on the warehouse, against hand-written SQL answering the same question.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CohortOnEunomiaTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("celecoxib", "true")]
    [InlineData("celecoxibAge40", "extract(year FROM start_date) - year_of_birth > 40")]
    [InlineData("celecoxibAge40Male", "extract(year FROM start_date) - year_of_birth > 40 AND gender_concept_id = 8507")]
    [InlineData("celecoxibCensored", "op_end >= DATE '2000-01-01'")]
    public async Task A_shared_definition_counts_what_the_hand_written_query_counts(string name, string condition)
    {
        await using var omop = await platform.OmopDataSourceAsync();
        var compiled = await Executor(omop).CompileAsync(CirceJson.Read(Definition(name)), CancellationToken.None);

        var (persons, entries) = await CountAsync(omop, compiled);
        var expected = await ScalarAsync(omop, $"SELECT count(*) FROM ({EunomiaReferenceQueries.FirstCelecoxibEras}) first_eras WHERE {condition}");

        Assert.True(expected > 100, $"Eunomia should have celecoxib users ({expected})");
        Assert.Equal(expected, persons);
        Assert.Equal(persons, entries); // one first era per person, one period each
    }

    [Fact]
    public async Task Attrition_narrows_rule_by_rule_down_to_the_cohort_and_counts_each_rule_alone_as_ATLAS_does()
    {
        await using var omop = await platform.OmopDataSourceAsync();
        var result = await Executor(omop).CountAsync(CirceJson.Read(Definition("celecoxibAge40Male")), _ => Task.CompletedTask, CancellationToken.None);

        var persons = new[] { result.QualifiedPersons, result.Attrition[0].Persons, result.Attrition[1].Persons };
        Assert.True(persons[0] > persons[1] && persons[1] > persons[2] && persons[2] > 0, string.Join(" > ", persons));
        Assert.Equal(result.Persons, persons[2]);
        // Circe's inclusion statistics: persons meeting each rule on its own (one first era per person here).
        Assert.Equal(await ScalarAsync(omop, $"SELECT count(*) FROM ({EunomiaReferenceQueries.FirstCelecoxibEras}) e WHERE extract(year FROM start_date) - year_of_birth > 40"),
            result.Attrition[0].PersonsMeetingRuleAlone);
        Assert.Equal(await ScalarAsync(omop, $"SELECT count(*) FROM ({EunomiaReferenceQueries.FirstCelecoxibEras}) e WHERE gender_concept_id = 8507"),
            result.Attrition[1].PersonsMeetingRuleAlone);
        Assert.True(result.Attrition[1].PersonsMeetingRuleAlone > result.Attrition[1].Persons);
    }

    [Fact]
    public async Task An_inclusion_period_that_drops_persons_is_the_last_attrition_step_and_equals_the_cohort()
    {
        await using var omop = await platform.OmopDataSourceAsync();
        var result = await Executor(omop).CountAsync(CirceJson.Read(Definition("celecoxibCensored")), _ => Task.CompletedTask, CancellationToken.None);

        var last = Assert.Single(result.Attrition);
        Assert.Equal(CohortExecutor.InclusionPeriodStep, last.Rule);
        Assert.Equal(result.Persons, last.Persons);
        Assert.True(last.Persons < result.QualifiedPersons, $"{last.Persons} < {result.QualifiedPersons}");
    }

    /// <summary>Concept sets resolved, then compiled, as the service does (here on the owner's connection).</summary>
    internal static CohortExecutor Executor(NpgsqlDataSource omop) => new(new OmopReader(omop), omop);

    internal static string Definition(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "eunomia-cohort-definitions", name + ".json"));

    private static async Task<(long Persons, long Entries)> CountAsync(NpgsqlDataSource omop, CompiledCohort compiled)
    {
        await using var command = Command(omop, compiled.CountSql, compiled);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static NpgsqlCommand Command(NpgsqlDataSource omop, string sql, CompiledCohort compiled)
    {
        var command = omop.CreateCommand(sql);
        foreach (var value in compiled.Parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource omop, string sql)
    {
        await using var command = omop.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
