using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdsPlatform.DataAccess;

/// <summary>
/// The check every door runs before patient-level data leaves: the grant decision, written to the
/// audit log (and committed there) before the answer is given. If either cannot be done, nothing is served.
/// </summary>
public sealed class DataAccessGuard(GrantCache grants, AuditSink audit, TimeProvider time, AuditSource source, ILogger<DataAccessGuard> logger)
{
    /// <summary>The header that names the project on routes whose path does not.</summary>
    public const string ProjectHeader = "X-Eds-Project";

    /// <summary>The project of a data request: the route value "projectId", else the <see cref="ProjectHeader"/> header.</summary>
    public static string? ProjectOf(HttpContext context) =>
        context.Request.RouteValues["projectId"]?.ToString() ?? context.Request.Headers[ProjectHeader].FirstOrDefault();

    /// <summary>A route's dataset: a fixed name, or "{routeValue}" for the value of that route parameter.</summary>
    public static string DatasetOf(string dataset, RouteValueDictionary values) =>
        dataset.StartsWith('{') && dataset.EndsWith('}') ? values[dataset[1..^1]]?.ToString() ?? "" : dataset;

    /// <summary>The request's caller, resource ("GET /path") and correlation id, for <paramref name="dataset"/> in <paramref name="projectId"/>.</summary>
    public Task<AccessDecision> AuthorizeAsync(HttpContext context, string? projectId, string dataset, Func<GrantSnapshot, AccessDecision>? refine = null) =>
        AuthorizeAsync(context.User, projectId, dataset, $"{context.Request.Method} {context.Request.Path}",
            context.Request.Headers[CorrelationIds.HeaderName].FirstOrDefault(), context.RequestAborted, refine);

    /// <param name="refine">
    /// The route's own rule once the grant allows the dataset (which cohort may be listed, say), given the project's
    /// grant; applied before the record is written, so that the audit log holds the answer actually given.
    /// </param>
    public async Task<AccessDecision> AuthorizeAsync(ClaimsPrincipal user, string? projectId, string dataset, string resource, string? correlationId,
        CancellationToken cancellationToken, Func<GrantSnapshot, AccessDecision>? refine = null)
    {
        var email = user.Email();
        var now = time.GetUtcNow();
        AccessDecision decision;
        try
        {
            decision = email is null
                ? AccessDecision.Deny(DenialReason.NotAMember, "Your token carries no e-mail address, so no grant can name you.")
                : !Guid.TryParse(projectId, out _)
                    ? AccessDecision.Deny(DenialReason.NoProject, $"Patient-level data is served only within a project: name it in the route or in the {ProjectHeader} header.")
                    : await DecideAsync(projectId!, email, dataset, now, refine, cancellationToken);

            await audit.WriteAsync([new AuditRecord(Guid.NewGuid(), now, email ?? user.UserId() ?? "anonymous", "read",
                Guid.TryParse(projectId, out _) ? projectId : null, resource,
                decision.Allowed ? AuditOutcome.Allowed : AuditOutcome.Denied, decision.Allowed ? null : decision.Reason.ToString(),
                source.Name, correlationId)], cancellationToken);
            return decision;
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(failure, "Governance unreachable: access to {Resource} refused", resource);
            return AccessDecision.Deny(DenialReason.Unavailable, "Access cannot be checked or recorded right now, so nothing is served. Try again shortly.");
        }
    }

    private async Task<AccessDecision> DecideAsync(string projectId, string email, string dataset, DateTimeOffset now,
        Func<GrantSnapshot, AccessDecision>? refine, CancellationToken cancellationToken)
    {
        var grant = await grants.GetAsync(projectId, cancellationToken);
        var decision = grant.Decide(email, dataset, now);
        return decision.Allowed && refine is not null ? refine(grant) : decision;
    }
}

public static class AccessDecisionResults
{
    /// <summary>
    /// 403 problem details that say why, with the reason in "reason"; 503 when governance could not be reached, 404 for
    /// a resource the caller may not know of.
    /// </summary>
    public static ProblemHttpResult ToProblem(this AccessDecision decision)
    {
        var (status, title) = decision.Reason switch
        {
            DenialReason.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Access check unavailable"),
            DenialReason.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            _ => (StatusCodes.Status403Forbidden, "No grant for this access"),
        };
        return TypedResults.Problem(
            statusCode: status,
            title: title,
            detail: decision.Detail,
            extensions: new Dictionary<string, object?> { ["reason"] = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(decision.Reason.ToString()) });
    }
}
