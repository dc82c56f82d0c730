using Npgsql;

namespace EdsPlatform.IntegrationTests;

internal static class Sql
{
    public static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public static async Task<T?> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)value;
    }

    /// <summary>Waits (90 s at most) until the count query answers more than zero; the service's recent output explains a timeout.</summary>
    public static async Task WaitUntilAsync(NpgsqlDataSource omop, string countQuery, ChildProcess service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await CountAsync(omop, countQuery) == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Still waiting for: {countQuery}\n{service.RecentOutput}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>An order-independent digest of a table's rows in a person range (and a further condition): equal digests, equal data.</summary>
    public static Task<string?> DigestAsync(NpgsqlDataSource dataSource, string table, long firstPerson, string andWhere = "true") =>
        ScalarAsync<string>(dataSource,
            $"SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM cdm.{table} t WHERE person_id >= {firstPerson} AND {andWhere}");
}
