using System.Security.Claims;
using EdsPlatform.Governance.Application;
using EdsPlatform.Governance.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdsPlatform.Governance.Apis;

/// <summary>Commands on a project's access request as HTTP answers, shared by the team's, the committee's and the stewards' routes.</summary>
internal static class ProjectCommands
{
    /// <summary>A command on a request by the caller; the domain checks who may (team for its own commands, anyone else for reviews).</summary>
    internal static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(string projectId, ClaimsPrincipal user, RequestCommands commands, HttpContext context,
        string action, Func<AccessRequest, DateTimeOffset, string, IReadOnlyList<AccessRequestEvent>> decide, CancellationToken cancellationToken)
    {
        if (user.Email() is not { } email)
        {
            return ApiResults.NoEmail();
        }
        if (!Guid.TryParse(projectId, out var id))
        {
            return ApiResults.NotFound(projectId);
        }
        try
        {
            var request = await commands.ExecuteAsync(id, email, action, (request, now) => decide(request, now, email), context.CorrelationId(), cancellationToken,
                maySee: request => MaySee(user, request));
            return request is null ? ApiResults.NotFound(projectId) : TypedResults.Ok(ProjectViews.From(request, []));
        }
        catch (GovernanceRuleException refused)
        {
            return ApiResults.Refused(refused);
        }
    }

    /// <summary>The team, the committee and the stewards see a project; others are told it does not exist.</summary>
    internal static bool MaySee(ClaimsPrincipal user, AccessRequest request) =>
        (user.Email() is { } email && request.Team.Contains(email))
        || user.IsInRole(PlatformRoles.CommitteeMember) || user.IsInRole(PlatformRoles.DataSteward) || user.IsInRole(PlatformRoles.Admin);
}
