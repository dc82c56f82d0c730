using System.Data;
using EdsPlatform.Cohort.Application;
using EdsPlatform.Cohort.Compilation;
using EdsPlatform.Cohort.Definitions;
using EdsPlatform.DataAccess;
using Npgsql;
using NpgsqlTypes;

namespace EdsPlatform.Cohort.Infrastructure;

/// <summary>Runs compiled definitions: reads with the read-only role in one snapshot; writes create-mode members with the service's own role.</summary>
public sealed class CohortExecutor(OmopReader reader, NpgsqlDataSource owner)
{
    /// <summary>The attrition step that the censor window (ATLAS's cohort inclusion period) adds after the rules.</summary>
    public const string InclusionPeriodStep = "Inclusion period";

    /// <summary>Resolves the concept sets in the vocabulary (first query), then compiles the definition around them.</summary>
    public async Task<CompiledCohort> CompileAsync(CohortDefinition definition, CancellationToken cancellationToken)
    {
        await using var connection = await reader.DataSource.OpenConnectionAsync(cancellationToken);
        return await CompileAsync(connection, definition, cancellationToken);
    }

    private static async Task<CompiledCohort> CompileAsync(NpgsqlConnection connection, CohortDefinition definition, CancellationToken cancellationToken)
    {
        var (sql, parameters) = CohortSqlCompiler.CompileConceptSets(definition);
        var concepts = new Dictionary<int, List<long>>();
        await using (var resolve = Command(connection, sql, parameters))
        {
            await using var rows = await resolve.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                var codeset = rows.GetInt32(0);
                (concepts.TryGetValue(codeset, out var list) ? list : concepts[codeset] = []).Add(rows.GetInt64(1));
            }
        }
        return CohortSqlCompiler.Compile(definition, concepts.ToDictionary(c => c.Key, c => c.Value.ToArray()));
    }

    public async Task<RawCohortResult> CountAsync(CohortDefinition definition, Func<float, Task> progress, CancellationToken cancellationToken)
    {
        await using var connection = await reader.DataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot: concepts, counts, attrition and breakdowns describe the same data even if a load commits meanwhile.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var compiled = await CompileAsync(connection, definition, cancellationToken);

        // Counts, attrition, breakdowns and the data version in one round trip; results are read as each query ends.
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Batched(compiled.CountSql, compiled.Parameters),
                Batched(compiled.AttritionSql, compiled.Parameters),
                Batched(compiled.BreakdownSql, compiled.Parameters),
                new NpgsqlBatchCommand(DataVersionSql),
            },
        };
        await using var rows = await batch.ExecuteReaderAsync(cancellationToken);
        await rows.ReadAsync(cancellationToken);
        var (persons, entries) = (rows.GetInt64(0), rows.GetInt64(1));
        await progress(0.4f);

        var attrition = new List<RawAttritionStep>();
        await rows.NextResultAsync(cancellationToken);
        await rows.ReadAsync(cancellationToken);
        var (qualifiedEvents, qualifiedPersons) = (rows.GetInt64(0), rows.GetInt64(1));
        for (var rule = 0; rule < compiled.RuleCount; rule++)
        {
            attrition.Add(new RawAttritionStep(definition.InclusionRules[rule].Name, rows.GetInt64(3 + 3 * rule), rows.GetInt64(2 + 3 * rule), rows.GetInt64(4 + 3 * rule)));
        }
        if (definition.CensorStart is not null || definition.CensorEnd is not null)
        {
            // The inclusion period can drop persons after the rules: the last step then equals the cohort.
            attrition.Add(new RawAttritionStep(InclusionPeriodStep, persons, entries));
        }
        await progress(0.7f);

        var breakdowns = new List<RawBreakdown>();
        await rows.NextResultAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            breakdowns.Add(new RawBreakdown(rows.GetString(0), rows.GetString(1), rows.GetInt64(2)));
        }
        await rows.NextResultAsync(cancellationToken);
        await rows.ReadAsync(cancellationToken);
        var dataVersion = rows.GetString(0);
        await progress(0.9f);
        return new RawCohortResult(persons, entries, qualifiedPersons, qualifiedEvents, attrition, breakdowns, dataVersion);
    }

    /// <summary>The warehouse's data version: its last load. Results are cached under it.</summary>
    public async Task<string> DataVersionAsync(CancellationToken cancellationToken)
    {
        await using var command = reader.DataSource.CreateCommand(DataVersionSql);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private const string DataVersionSql = "SELECT coalesce(max(loaded_at)::text, 'empty') FROM warehouse.load_history";

    /// <summary>Create mode: the members replace whatever cdm.cohort held for this cohort id, all or nothing.</summary>
    public async Task<long> MaterialiseAsync(int cohortId, CohortDefinition definition, CancellationToken cancellationToken)
    {
        var members = new List<(long Person, DateOnly Start, DateOnly End)>();
        await using (var connection = await reader.DataSource.OpenConnectionAsync(cancellationToken))
        {
            var compiled = await CompileAsync(connection, definition, cancellationToken);
            await using var select = Command(connection, compiled.MembersSql, compiled.Parameters);
            await using var rows = await select.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                members.Add((rows.GetInt64(0), rows.GetFieldValue<DateOnly>(1), rows.GetFieldValue<DateOnly>(2)));
            }
        }

        await using var write = await owner.OpenConnectionAsync(cancellationToken);
        await using var transaction = await write.BeginTransactionAsync(cancellationToken);
        await using (var clear = new NpgsqlCommand("DELETE FROM cdm.cohort WHERE cohort_definition_id = $1", write, transaction))
        {
            clear.Parameters.AddWithValue(cohortId);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var copy = await write.BeginBinaryImportAsync(
            "COPY cdm.cohort (cohort_definition_id, subject_id, cohort_start_date, cohort_end_date) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (person, start, end) in members)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(cohortId, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(person, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(start, NpgsqlDbType.Date, cancellationToken);
                await copy.WriteAsync(end, NpgsqlDbType.Date, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return members.Count;
    }

    /// <summary>A page of a materialised cohort's members, in person order.</summary>
    public async Task<IReadOnlyList<(long Person, DateOnly Start, DateOnly End)>> MembersAsync(int cohortId, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var command = reader.DataSource.CreateCommand(
            "SELECT subject_id, cohort_start_date, cohort_end_date FROM cdm.cohort WHERE cohort_definition_id = $1 ORDER BY subject_id, cohort_start_date OFFSET $2 LIMIT $3");
        command.Parameters.AddWithValue(cohortId);
        command.Parameters.AddWithValue(offset);
        command.Parameters.AddWithValue(limit);
        var members = new List<(long, DateOnly, DateOnly)>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            members.Add((rows.GetInt64(0), rows.GetFieldValue<DateOnly>(1), rows.GetFieldValue<DateOnly>(2)));
        }
        return members;
    }

    private static NpgsqlBatchCommand Batched(string sql, IReadOnlyList<object> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, IReadOnlyList<object> parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }
}
