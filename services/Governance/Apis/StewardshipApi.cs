using System.Security.Claims;
using EdsPlatform.Governance.Application;
using EdsPlatform.DataAccess;
using EdsPlatform.Governance.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdsPlatform.Governance.Apis;

/// <summary>Data stewards' side: grants and their revocation, the audit log and its verification.</summary>
public static class StewardshipApi
{
    public static IEndpointRouteBuilder MapStewardshipApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/governance").RequireAuthorization(PlatformPolicies.DataSteward);
        api.MapGet("/grants", (RequestStore store, CancellationToken ct) => ListGrantsAsync(store, ct))
            .WithName("ListGrants").WithSummary("Projects with a grant: active, revoked or expired.");
        api.MapPost("/projects/{projectId}/revoke", RevokeAsync)
            .WithName("RevokeGrant").WithSummary("Revokes an active grant, with the reason; every door refuses within seconds.");
        api.MapPost("/projects/{projectId}/grant-end", ShortenAsync)
            .WithName("ShortenGrant").WithSummary("Brings an active grant's end forward, with the reason; it expires then.");
        api.MapGet("/audit", ListAuditAsync)
            .WithName("ListAuditLog").WithSummary("Audit entries, newest first (optionally one project's), paged by sequence number.");
        api.MapGet("/audit/verification", async (AuditChain chain, CancellationToken ct) => TypedResults.Ok(await chain.VerifyAsync(ct)))
            .WithName("VerifyAuditLog").WithSummary("Walks the hash chain and names the first broken link, if any.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ProjectSummary>>> ListGrantsAsync(RequestStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(null, [ProjectState.Approved, ProjectState.Revoked, ProjectState.Expired], cancellationToken));

    private static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> RevokeAsync(string projectId, CommentInput input, ClaimsPrincipal user,
        RequestCommands commands, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.Comment) || input.Comment.Length > 5_000)
        {
            return Validation.Invalid("comment", "Give the reason for the revocation (at most 5,000 characters).");
        }
        return await ProjectCommands.ExecuteAsync(projectId, user, commands, context, "revoke",
            (request, now, steward) => [request.Revoke(now, steward, input.Comment)], cancellationToken);
    }

    private static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> ShortenAsync(string projectId, GrantEndInput input, ClaimsPrincipal user,
        RequestCommands commands, HttpContext context, CancellationToken cancellationToken)
    {
        if (input.End is not { } end || string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 5_000)
        {
            return Validation.Invalid("end", "Give the new end and the reason.");
        }
        return await ProjectCommands.ExecuteAsync(projectId, user, commands, context, "shorten-grant",
            (request, now, steward) => [request.Shorten(now, steward, end, input.Reason)], cancellationToken);
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ValidationProblem>> ListAuditAsync(AuditChain chain, string? project, long? before, int? limit, CancellationToken cancellationToken)
    {
        Guid? projectId = null;
        if (project is not null)
        {
            if (!Guid.TryParse(project, out var id))
            {
                return Validation.Invalid("project", "A project id is a UUID.");
            }
            projectId = id;
        }
        if (Validation.PagingErrors(0, limit, 1_000) is { Count: > 0 } paging)
        {
            return TypedResults.ValidationProblem(paging);
        }
        return TypedResults.Ok(await chain.ListAsync(projectId, before, limit ?? 100, cancellationToken));
    }
}
