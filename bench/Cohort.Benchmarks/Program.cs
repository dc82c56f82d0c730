using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using EdsPlatform;
using EdsPlatform.Benchmarks;
using EdsPlatform.Cohort;
using EdsPlatform.Cohort.Compilation;
using EdsPlatform.Cohort.Definitions;
using EdsPlatform.Cohort.Infrastructure;
using EdsPlatform.DataAccess;
using EdsPlatform.Testing;
using Npgsql;

// Cohort generation against hand-written SQL answering the same question on the same server (goal: at most
// 1.3 times it), on Eunomia plus N synthetic patients; create-mode time; the vocabulary search on a million
// concepts; the EXPLAIN plan of the slowest definition.
// Usage: [synthetic patients] [repetitions]
var patients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var repetitions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;

await using var app = await BenchmarkPlatform.StartAsync([$"Warehouse:SyntheticPatients={patients}"]);
await app.ResourceNotifications.WaitForResourceAsync(ResourceNames.Warehouse, KnownResourceStates.Finished);
var ownerConnection = (await app.GetConnectionStringAsync(ResourceNames.OmopDatabase))!;
await using var owner = NpgsqlDataSource.Create(ownerConnection);
await using var reader = OmopReader.Create(ownerConnection, new DataAccessOptions { ReaderPassword = await app.SecretAsync("omop-reader-password") });
var executor = new CohortExecutor(reader, owner);

// The researcher's question on the synthetic hospital: COVID-19 (first diagnosis) in patients who had
// azathioprine or mycophenolate in the year before it.
const string CovidUnderImmunosuppressants = """
    {
      "ConceptSets": [
        { "id": 0, "name": "COVID-19", "expression": { "items": [ { "concept": { "CONCEPT_ID": 2000100001 } } ] } },
        { "id": 1, "name": "Azathioprine or mycophenolate", "expression": { "items": [ { "concept": { "CONCEPT_ID": 2000200001 } }, { "concept": { "CONCEPT_ID": 2000200002 } } ] } }
      ],
      "PrimaryCriteria": { "CriteriaList": [ { "ConditionOccurrence": { "CodesetId": 0 } } ], "ObservationWindow": { "PriorDays": 0, "PostDays": 0 }, "PrimaryCriteriaLimit": { "Type": "First" } },
      "InclusionRules": [ { "name": "Immunosuppressant in the year before", "expression": { "Type": "ALL", "CriteriaList": [
        { "Criteria": { "DrugExposure": { "CodesetId": 1 } }, "StartWindow": { "Start": { "Days": 365, "Coeff": -1 }, "End": { "Days": 0, "Coeff": 1 } }, "Occurrence": { "Type": 2, "Count": 1 } } ] } } ]
    }
    """;
const string CovidHand = """
    WITH covid AS (
      SELECT c.person_id, c.condition_start_date AS start_date, op.observation_period_start_date AS op_start, op.observation_period_end_date AS op_end,
        row_number() OVER (PARTITION BY c.person_id ORDER BY c.condition_start_date) AS ordinal
      FROM cdm.condition_occurrence c
      JOIN cdm.observation_period op ON op.person_id = c.person_id AND c.condition_start_date BETWEEN op.observation_period_start_date AND op.observation_period_end_date
      WHERE c.condition_concept_id = 2000100001)
    SELECT count(DISTINCT f.person_id) FROM covid f
    WHERE f.ordinal = 1 AND EXISTS (
      SELECT 1 FROM cdm.drug_exposure d WHERE d.person_id = f.person_id AND d.drug_concept_id IN (2000200001, 2000200002)
        AND d.drug_exposure_start_date BETWEEN f.start_date - 365 AND f.start_date AND d.drug_exposure_start_date BETWEEN f.op_start AND f.op_end)
    """;

var definitionsFolder = Path.Combine(AppContext.BaseDirectory, "Definitions");
string Eunomia(string name) => File.ReadAllText(Path.Combine(definitionsFolder, name + ".json"));
var cases = new (string Name, string Definition, string Hand)[]
{
    ("celecoxib", Eunomia("celecoxib"), $"SELECT count(*) FROM ({EunomiaReferenceQueries.FirstCelecoxibEras}) f"),
    ("celecoxibAge40", Eunomia("celecoxibAge40"), $"SELECT count(*) FROM ({EunomiaReferenceQueries.FirstCelecoxibEras}) f WHERE extract(year FROM start_date) - year_of_birth > 40"),
    ("celecoxibAge40Male", Eunomia("celecoxibAge40Male"), $"SELECT count(*) FROM ({EunomiaReferenceQueries.FirstCelecoxibEras}) f WHERE extract(year FROM start_date) - year_of_birth > 40 AND gender_concept_id = 8507"),
    ("celecoxibCensored", Eunomia("celecoxibCensored"), $"SELECT count(*) FROM ({EunomiaReferenceQueries.FirstCelecoxibEras}) f WHERE op_end >= DATE '2000-01-01'"),
    ("covid after azathioprine/mycophenolate", CovidUnderImmunosuppressants, CovidHand),
};

Console.WriteLine($"Eunomia + {patients:N0} synthetic patients; median of {repetitions} alternating runs after one warm-up; both queries on the read-only role");
Console.WriteLine($"{"definition",-40} {"persons",8} {"concepts ms",11} {"compiled ms",12} {"hand ms",9} {"ratio",6} {"create ms",10}");
var slowest = (Ms: 0.0, Name: "", Compiled: (CompiledCohort?)null);
foreach (var (name, json, hand) in cases)
{
    var definition = CirceJson.Read(json);
    var compiled = await executor.CompileAsync(definition, default);
    var resolve = new List<double>();
    for (var run = 0; run <= repetitions; run++)
    {
        var watch = Stopwatch.StartNew();
        await executor.CompileAsync(definition, default);
        resolve.Add(watch.Elapsed.TotalMilliseconds);
    }
    resolve.Sort();
    var resolveMs = resolve[resolve.Count / 2];
    var (persons, compiledMs, handPersons, handMs) = await CompareAsync(compiled.CountSql, compiled.Parameters, hand);
    var create = Stopwatch.StartNew();
    var members = await executor.MaterialiseAsync(900_000 + Array.FindIndex(cases, c => c.Name == name), definition, default);
    var createMs = create.Elapsed.TotalMilliseconds;
    var check = persons == handPersons ? "" : $"  MISMATCH: hand query counts {handPersons}";
    // The ratio counts both of the compiled definition's queries: resolving its concept sets, then the count.
    Console.WriteLine($"{name,-40} {persons,8:N0} {resolveMs,11:F1} {compiledMs,12:F1} {handMs,9:F1} {(resolveMs + compiledMs) / handMs,6:F2} {createMs,10:F1}{check}");
    if (compiledMs > slowest.Ms)
    {
        slowest = (compiledMs, name, compiled);
    }
}

// Submit → result as the web sees it: a count job through the gateway, its status read every 5 ms; each
// definition is new (its concept set's name), so that no cached result answers it.
await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway);
using (var researcher = await BenchmarkSessions.SignInAsync(app, BenchmarkSessions.Researcher, 1))
{
    var latencies = new List<double>();
    for (var i = 0; i < 30; i++)
    {
        var definition = JsonNode.Parse(Eunomia("celecoxib"))!;
        definition["ConceptSets"]![0]!["name"] = $"celecoxib {Guid.NewGuid():N}";
        var timer = Stopwatch.StartNew();
        var submitted = await BenchmarkSessions.OkAsync(researcher.PostAsJsonAsync("/api/cohort/jobs", new { definition, mode = "count" }));
        string status;
        do
        {
            await Task.Delay(5);
            status = (await BenchmarkSessions.OkAsync(researcher.GetAsync($"/api/cohort/jobs/{submitted["id"]}")))["status"]!.GetValue<string>();
        }
        while (status is "queued" or "running");
        latencies.Add(timer.Elapsed.TotalMilliseconds);
    }
    latencies.Sort();
    Console.WriteLine($"\ncount job, submit to result through the gateway (celecoxib, uncached, 30 jobs): p50 {latencies[15]:F0} ms, p90 {latencies[27]:F0} ms, max {latencies[^1]:F0} ms");
}

// The builder's vocabulary search, as a researcher types (trigram index on concept_name), on a vocabulary
// the size of Athena's: a million synthetic concepts (ids no clinical row uses) join the real ones.
await using (var fill = owner.CreateCommand("""
    INSERT INTO cdm.concept (concept_id, concept_name, domain_id, vocabulary_id, concept_class_id, standard_concept, concept_code, valid_start_date, valid_end_date)
    SELECT 1500000000 + i, 'synthetic finding ' || md5(i::text), 'Condition', 'SYNTH', 'Clinical Finding', 'S', 'SY' || i, DATE '2000-01-01', DATE '2099-12-31'
    FROM generate_series(1, 1000000) i ON CONFLICT DO NOTHING;
    ANALYZE cdm.concept;
    """))
{
    fill.CommandTimeout = 600;
    await fill.ExecuteNonQueryAsync();
}
var search = new ConceptSearch(reader);
await using (var size = reader.DataSource.CreateCommand("SELECT count(*) FROM cdm.concept"))
{
    Console.WriteLine($"\nVocabulary search over {Convert.ToInt64(await size.ExecuteScalarAsync(), CultureInfo.InvariantCulture):N0} concepts, median of {repetitions} after a warm-up:");
}
foreach (var text in new[] { "covid", "celecoxib", "mycoph", "U07.1", "1118084", "finding" })
{
    var timings = new List<double>();
    var found = 0;
    for (var run = 0; run <= repetitions; run++)
    {
        var watch = Stopwatch.StartNew();
        found = (await search.SearchAsync(text, null, 25, default)).Count;
        if (run > 0)
        {
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }
    }
    timings.Sort();
    Console.WriteLine($"  '{text}': {found} concepts in {timings[timings.Count / 2]:F2} ms");
}

Console.WriteLine($"\nEXPLAIN (ANALYZE, BUFFERS) of the slowest, {slowest.Name}:");
await using (var explain = reader.DataSource.CreateCommand("EXPLAIN (ANALYZE, BUFFERS) " + slowest.Compiled!.CountSql))
{
    foreach (var value in slowest.Compiled.Parameters)
    {
        explain.Parameters.Add(new NpgsqlParameter { Value = value });
    }
    await using var plan = await explain.ExecuteReaderAsync();
    while (await plan.ReadAsync())
    {
        Console.WriteLine(plan.GetString(0));
    }
}
return 0;

// Alternating runs (compiled, hand, compiled, ...), so that both see the same moments of this shared machine.
async Task<(long Persons, double CompiledMs, long HandPersons, double HandMs)> CompareAsync(string compiledSql, IReadOnlyList<object> parameters, string handSql)
{
    var compiledTimings = new List<double>();
    var handTimings = new List<double>();
    long persons = 0, handPersons = 0;
    for (var run = 0; run <= repetitions; run++)
    {
        var (count, ms) = await TimeOnceAsync(compiledSql, parameters);
        var (handCount, handMs) = await TimeOnceAsync(handSql, []);
        (persons, handPersons) = (count, handCount);
        if (run > 0) // the first is the warm-up
        {
            compiledTimings.Add(ms);
            handTimings.Add(handMs);
        }
    }
    compiledTimings.Sort();
    handTimings.Sort();
    return (persons, compiledTimings[compiledTimings.Count / 2], handPersons, handTimings[handTimings.Count / 2]);
}

async Task<(long Persons, double Milliseconds)> TimeOnceAsync(string sql, IReadOnlyList<object> parameters)
{
    await using var command = reader.DataSource.CreateCommand(sql);
    foreach (var value in parameters)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value });
    }
    var watch = Stopwatch.StartNew();
    var persons = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    return (persons, watch.Elapsed.TotalMilliseconds);
}
