using System.Security.Claims;
using EdsPlatform.DataAccess;
using EdsPlatform.Governance.Domain;
using EdsPlatform.Governance.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdsPlatform.Governance.Apis;

/// <summary>
/// What the doors ask: access decisions, grant snapshots, audit records and pseudonyms. Everything under
/// /internal is for the platform's services only (their own client-credentials token).
/// </summary>
public static class AccessApi
{
    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/governance/access-decisions", DecideAsync).RequireAuthorization(PlatformPolicies.SignedIn)
            .WithName("DecideAccess").WithSummary("May user U read dataset D for project P now? (U is the caller unless a service or a steward asks for someone.) Audited.");

        var internalApi = app.MapGroup("/api/governance/internal").RequireAuthorization(PlatformPolicies.PlatformService);
        internalApi.MapGet("/grants/{projectId}", SnapshotAsync)
            .WithName("GetGrantSnapshot").WithSummary("A project's access state for the doors' caches; also refreshes it in Redis.");
        internalApi.MapPost("/audit", RecordAsync)
            .WithName("RecordAudit").WithSummary("Commits the doors' access records to the audit chain before answering.");
        internalApi.MapPost("/projects/{projectId}/pseudonyms", PseudonymiseAsync)
            .WithName("Pseudonymise").WithSummary("The project's pseudonyms of person ids, only while its grant is active.");
        return app;
    }

    private static async Task<Results<Ok<AccessDecision>, ValidationProblem, ProblemHttpResult>> DecideAsync(string? project, string? dataset, string? user,
        ClaimsPrincipal caller, RequestStore store, AuditWriter audit, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(dataset) || dataset.Length > 100)
        {
            return Validation.Invalid("dataset", "Name the dataset.");
        }
        var mayAskForOthers = caller.IsInRole(PlatformRoles.PlatformService) || caller.IsInRole(PlatformRoles.DataSteward) || caller.IsInRole(PlatformRoles.Admin);
        if (user is not null && !mayAskForOthers)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only services and data stewards ask about someone else.");
        }
        if ((user?.ToLowerInvariant() ?? caller.Email()) is not { } subject)
        {
            return ApiResults.NoEmail();
        }
        var now = time.GetUtcNow();
        var decision = !Guid.TryParse(project, out var projectId)
            ? AccessDecision.Deny(DenialReason.NoProject, "Name a project (a UUID).")
            : (await store.LoadAsync(projectId, cancellationToken))?.Request.ToSnapshot().Decide(subject, dataset, now)
                ?? GrantSnapshot.Unknown(project!).Decide(subject, dataset, now);
        await audit.WriteAsync([new AuditRecord(Guid.NewGuid(), now, caller.Email() ?? caller.UserId() ?? "unknown", "decide-access",
            project, $"dataset/{dataset}?user={subject}", decision.Allowed ? AuditOutcome.Allowed : AuditOutcome.Denied,
            decision.Allowed ? null : decision.Reason.ToString(), "governance", context.CorrelationId())], cancellationToken);
        return TypedResults.Ok(decision);
    }

    private static async Task<Results<Ok<GrantSnapshot>, ProblemHttpResult>> SnapshotAsync(string projectId, RequestStore store, GrantPublisher publisher, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(projectId, out var id) || await store.LoadAsync(id, cancellationToken) is not { } loaded)
        {
            return ApiResults.NotFound(projectId);
        }
        var snapshot = loaded.Request.ToSnapshot();
        // Refreshing Redis is a favour to the other doors: the answer never waits for it.
        _ = publisher.StoreAsync(snapshot);
        return TypedResults.Ok(snapshot);
    }

    private static async Task<Results<NoContent, ValidationProblem>> RecordAsync(List<AuditRecord> records, AuditWriter audit, CancellationToken cancellationToken)
    {
        if (records.Count is 0 or > 1_000 || records.Any(r => r is null || string.IsNullOrWhiteSpace(r.Actor) || string.IsNullOrWhiteSpace(r.Action) || string.IsNullOrWhiteSpace(r.Source)))
        {
            return Validation.Invalid("records", "1 to 1,000 records, each with an actor, an action and a source.");
        }
        await audit.WriteAsync(records, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PseudonymResponse>, ValidationProblem, ProblemHttpResult>> PseudonymiseAsync(string projectId, PseudonymRequest input,
        RequestStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (input.PersonIds is null || input.PersonIds.Count > 10_000)
        {
            return Validation.Invalid("personIds", "Up to 10,000 person ids.");
        }
        if (!Guid.TryParse(projectId, out var id) || await store.PseudonymAccessAsync(id, cancellationToken) is not { } project)
        {
            return ApiResults.NotFound(projectId);
        }
        var (state, grantEnd, key) = project;
        if (state != ProjectState.Approved || time.GetUtcNow() >= grantEnd)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No active grant",
                detail: "Pseudonyms are issued only for a project with an active grant.");
        }
        return TypedResults.Ok(new PseudonymResponse(input.PersonIds.Distinct().ToDictionary(personId => personId, personId => Pseudonymizer.Pseudonym(key, personId))));
    }
}
