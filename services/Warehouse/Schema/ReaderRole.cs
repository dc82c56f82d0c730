using Microsoft.Extensions.Logging;
using EdsPlatform.Postgres;
using Npgsql;

namespace EdsPlatform.Warehouse.Schema;

/// <summary>
/// The read-only login the data services query the warehouse with (cohorts run user-built definitions: they
/// must not be able to write, whatever the SQL). Created or updated at every warehouse run; its password is
/// set from configuration each time, so rotating the secret is a restart.
/// </summary>
public sealed class ReaderRole(NpgsqlDataSource omop, ILogger<ReaderRole> logger)
{
    private const string Name = WarehouseRoles.Reader;

    public async Task EnsureAsync(string password, CancellationToken cancellationToken)
    {
        await using var connection = await omop.OpenConnectionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand($"SELECT 1 FROM pg_roles WHERE rolname = '{Name}'", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE ROLE {Name} LOGIN", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        // ALTER ROLE takes no parameters: the server quotes the secret itself (format %L), it is never spliced here.
        string alterPassword;
        await using (var format = new NpgsqlCommand($"SELECT format('ALTER ROLE {Name} WITH LOGIN PASSWORD %L', $1::text)", connection))
        {
            format.Parameters.AddWithValue(password);
            alterPassword = (string)(await format.ExecuteScalarAsync(cancellationToken))!;
        }
        await using (var alter = new NpgsqlCommand(alterPassword, connection))
        {
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var grants = new NpgsqlCommand($"""
            ALTER ROLE {Name} SET default_transaction_read_only = on;
            DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO {Name}', current_database()); END $$;
            GRANT USAGE ON SCHEMA cdm, warehouse TO {Name};
            GRANT SELECT ON ALL TABLES IN SCHEMA cdm TO {Name};
            GRANT SELECT ON warehouse.load_history TO {Name};
            ALTER DEFAULT PRIVILEGES IN SCHEMA cdm GRANT SELECT ON TABLES TO {Name};
            """, connection);
        await grants.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Read-only role {Role} is ready", Name);
    }
}
