using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace EdsPlatform.Catalog.Apis;

/// <summary>What the warehouse holds: metadata only, for everyone signed in; the load history for data stewards.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/catalog").RequireAuthorization(PlatformPolicies.SignedIn);
        api.MapGet("/tables", GetTablesAsync)
            .WithName("ListTables").WithSummary("OMOP CDM tables of the warehouse with their row counts (planner statistics).");
        api.MapGet("/datasets", GetDatasetsAsync)
            .WithName("ListDatasets").WithSummary("Datasets loaded into the warehouse, with row counts and dates.")
            .RequireAuthorization(PlatformPolicies.DataSteward);
        return app;
    }

    private static async Task<Ok<List<TableSummary>>> GetTablesAsync(NpgsqlDataSource omop, CancellationToken cancellationToken)
    {
        // reltuples is maintained by ANALYZE (the warehouse runs it after each load): exact enough, and instant.
        await using var command = omop.CreateCommand("""
            SELECT c.relname, greatest(c.reltuples, 0)::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'cdm' AND c.relkind = 'r'
            ORDER BY c.relname
            """);
        var tables = new List<TableSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(new TableSummary(reader.GetString(0), reader.GetInt64(1)));
        }
        return TypedResults.Ok(tables);
    }

    private static async Task<Ok<List<DatasetLoad>>> GetDatasetsAsync(NpgsqlDataSource omop, CancellationToken cancellationToken)
    {
        await using var command = omop.CreateCommand("SELECT dataset, row_count, loaded_at FROM warehouse.load_history ORDER BY loaded_at");
        var loads = new List<DatasetLoad>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            loads.Add(new DatasetLoad(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return TypedResults.Ok(loads);
    }
}
