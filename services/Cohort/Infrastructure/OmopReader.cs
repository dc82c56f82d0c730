using Npgsql;

namespace EdsPlatform.Cohort.Infrastructure;

/// <summary>
/// omopdb through the read-only role: what user-built definitions run with. The server refuses any write on
/// it (default_transaction_read_only, SELECT-only grants), whatever SQL reached it.
/// </summary>
public sealed class OmopReader(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource => dataSource;

    public static OmopReader Create(string ownerConnectionString, CohortOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(ownerConnectionString)
        {
            Username = options.ReaderUser,
            Password = options.ReaderPassword ?? throw new InvalidOperationException("Cohort:ReaderPassword is not configured."),
            ApplicationName = "eds-cohort-reader",
        };
        return new OmopReader(NpgsqlDataSource.Create(builder.ConnectionString));
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
