using System.Net;
using System.Text.Json.Nodes;
using Npgsql;

namespace EdsPlatform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class AuditLogTests(PlatformFixture platform)
{
    private readonly GovernanceScenario _governance = new(platform);

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_audit_entries()
    {
        await _governance.CreateAsync("Audit append-only");
        await using var governancedb = await platform.GovernanceDataSourceAsync();

        foreach (var sql in new[] { "UPDATE governance.audit_log SET outcome = 'Allowed'", "DELETE FROM governance.audit_log", "TRUNCATE governance.audit_log" })
        {
            await using var command = governancedb.CreateCommand(sql);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Verification_names_the_first_altered_or_missing_entry()
    {
        var projectId = await _governance.ApprovedAsync("Audit tampering");
        await ApiSession.OkAsync(_governance.RowsAsync(DemoUsers.Researcher, projectId));
        var steward = await _governance.As(DemoUsers.DataSteward);
        Assert.True((await VerifyAsync(steward))["valid"]!.GetValue<bool>());

        await using var governancedb = await platform.GovernanceDataSourceAsync();
        var created = await ScalarAsync<long>(governancedb, $"SELECT min(seq) FROM governance.audit_log WHERE project_id = '{projectId}' AND outcome = 'Done'");

        // Someone with superuser rights turns the guard off and rewrites history: the chain shows where.
        await ExecuteAsDisabledGuardAsync(governancedb, $"UPDATE governance.audit_log SET actor = 'someone.else@chu-demo.fr' WHERE seq = {created}");
        try
        {
            var verification = await VerifyAsync(steward);
            Assert.False(verification["valid"]!.GetValue<bool>());
            Assert.Equal(created, verification["firstBrokenSeq"]!.GetValue<long>());
            Assert.Contains("altered", verification["problem"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            await ExecuteAsDisabledGuardAsync(governancedb, $"UPDATE governance.audit_log SET actor = '{DemoUsers.Researcher}' WHERE seq = {created}");
        }
        Assert.True((await VerifyAsync(steward))["valid"]!.GetValue<bool>());

        // A deleted entry leaves a gap.
        await ExecuteAsDisabledGuardAsync(governancedb, $"""
            CREATE TABLE public.saved_audit_entry AS SELECT * FROM governance.audit_log WHERE seq = {created};
            DELETE FROM governance.audit_log WHERE seq = {created};
            """);
        try
        {
            var verification = await VerifyAsync(steward);
            Assert.False(verification["valid"]!.GetValue<bool>());
            Assert.Equal(created, verification["firstBrokenSeq"]!.GetValue<long>());
            Assert.Contains("missing", verification["problem"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            await ExecuteAsDisabledGuardAsync(governancedb, "INSERT INTO governance.audit_log SELECT * FROM public.saved_audit_entry; DROP TABLE public.saved_audit_entry;");
        }
        Assert.True((await VerifyAsync(steward))["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Every_served_access_has_its_entry_under_its_correlation_id()
    {
        var projectId = await _governance.ApprovedAsync("Audit correlation");
        var researcher = await _governance.As(DemoUsers.Researcher);
        var correlationIds = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid().ToString("N")).ToList();

        var responses = await Task.WhenAll(correlationIds.Select(id =>
            researcher.GetAsync(GovernanceScenario.RowsPath(projectId, GovernanceScenario.GrantedDataset), request => request.Headers.Add("X-Correlation-Id", id))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Array.ForEach(responses, r => r.Dispose());

        await using var governancedb = await platform.GovernanceDataSourceAsync();
        await using var command = governancedb.CreateCommand("SELECT correlation_id, source FROM governance.audit_log WHERE correlation_id = ANY($1) AND outcome = 'Allowed'");
        command.Parameters.AddWithValue(correlationIds.ToArray());
        var logged = new List<(string, string)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                logged.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        Assert.All(correlationIds, id =>
        {
            Assert.Contains((id, "gateway"), logged);
            Assert.Contains((id, "catalog"), logged);
        });
    }

    private static async Task<JsonNode> VerifyAsync(ApiSession steward) => await ApiSession.OkAsync(steward.GetAsync("/api/governance/audit/verification"));

    private static async Task ExecuteAsDisabledGuardAsync(NpgsqlDataSource governancedb, string sql)
    {
        await using var connection = await governancedb.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"""
            ALTER TABLE governance.audit_log DISABLE TRIGGER audit_log_append_only;
            {sql.TrimEnd().TrimEnd(';')};
            ALTER TABLE governance.audit_log ENABLE TRIGGER audit_log_append_only;
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
