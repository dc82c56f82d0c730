using EdsPlatform.Catalog.Infrastructure;
using EdsPlatform.DataAccess;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace EdsPlatform.Catalog.Apis;

/// <summary>Rows of a granted table, with the person as the project's pseudonym.</summary>
/// <summary>
/// Patient-level rows of an OMOP table, inside a project with an active grant for that table. The gateway
/// has checked the grant; this service checks again (a call that bypasses the gateway meets the same rule).
/// Only coded and numeric columns leave: concept ids, dates, values. Free text and source values can carry
/// identifiers and other ids can link extracts, so they stay; person_id leaves as the project's pseudonym.
/// </summary>
public static class ProjectDataApi
{
    private const string PseudonymColumn = "person_pseudonym";

    public static IEndpointRouteBuilder MapProjectDataApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/catalog/projects/{projectId}/tables/{dataset}/rows", GetRowsAsync).RequireAuthorization(PlatformPolicies.SignedIn)
            .RequireGrant("{dataset}")
            .WithName("GetProjectTableRows").WithSummary("Rows of a granted OMOP table, persons pseudonymised for the project (grant required).");
        return app;
    }

    private static async Task<Results<Ok<TableRows>, ProblemHttpResult, ValidationProblem>> GetRowsAsync(string projectId, string dataset, int? limit,
        OmopReader omopReader, SharedColumns sharedColumns, GovernanceApiClient governance, CancellationToken cancellationToken)
    {
        if (Validation.PagingErrors(0, limit, 1_000) is { Count: > 0 } paging)
        {
            return TypedResults.ValidationProblem(paging);
        }
        var omop = omopReader.DataSource;
        if (await sharedColumns.OfAsync(dataset, cancellationToken) is not { } columns)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such table",
                detail: $"'{dataset}' is not a patient-level table of the warehouse.");
        }

        // Identifiers come from information_schema, never from the request.
        var select = string.Join(", ", columns.Select(c => $"\"{c}\""));
        await using var command = omop.CreateCommand($"SELECT person_id, {select} FROM cdm.\"{dataset}\" ORDER BY person_id LIMIT $1");
        command.Parameters.AddWithValue(limit ?? 100);
        var personIds = new List<long>();
        var rows = new List<object?[]>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                personIds.Add(reader.GetInt64(0));
                var row = new object?[columns.Count + 1];
                for (var i = 0; i < columns.Count; i++)
                {
                    row[i + 1] = reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1);
                }
                rows.Add(row);
            }
        }
        var pseudonyms = await governance.PseudonymsAsync(projectId, personIds, cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i][0] = pseudonyms[i];
        }
        return TypedResults.Ok(new TableRows(dataset, [PseudonymColumn, .. columns], rows));
    }
}
