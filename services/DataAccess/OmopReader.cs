using EdsPlatform.Postgres;
using Npgsql;

namespace EdsPlatform.DataAccess;

/// <summary>
/// omopdb through the read-only login: what every patient-level read and every user-built query runs with. The
/// server refuses any write on it (default_transaction_read_only, SELECT-only grants), whatever SQL reached it.
/// The warehouse creates the role; the AppHost generates its password (DataAccess:ReaderPassword).
/// </summary>
public sealed class OmopReader(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource => dataSource;

    public static OmopReader Create(string ownerConnectionString, DataAccessOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(ownerConnectionString)
        {
            Username = WarehouseRoles.Reader,
            Password = options.ReaderPassword ?? throw new InvalidOperationException("DataAccess:ReaderPassword is not configured."),
            ApplicationName = "eds-omop-reader",
        };
        return new OmopReader(NpgsqlDataSource.Create(builder.ConnectionString));
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
