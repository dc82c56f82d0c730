using System.Security.Claims;
using EdsPlatform.Governance.Application;
using EdsPlatform.DataAccess;
using EdsPlatform.Governance.Domain;
using EdsPlatform.Governance.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Governance.Apis;

/// <summary>The committee's side: the review queue, votes with comments, returns for changes.</summary>
public static class ReviewsApi
{
    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/governance").RequireAuthorization(PlatformPolicies.CommitteeMember);
        api.MapGet("/reviews", QueueAsync)
            .WithName("ReviewQueue").WithSummary("Requests waiting for the committee, except the caller's own projects.");
        api.MapPost("/projects/{projectId}/votes", VoteAsync)
            .WithName("Vote").WithSummary("Approve, reject or abstain, with a comment; the vote that meets the rule decides.");
        api.MapPost("/projects/{projectId}/return", ReturnAsync)
            .WithName("ReturnForChanges").WithSummary("Sends the request back to its team with what must change.");
        return app;
    }

    private static async Task<Results<Ok<List<ReviewItem>>, ProblemHttpResult>> QueueAsync(ClaimsPrincipal user, RequestStore store, CancellationToken cancellationToken)
    {
        if (user.Email() is not { } email)
        {
            return ApiResults.NoEmail();
        }
        var waiting = await store.ListAsync(null, [ProjectState.Submitted, ProjectState.UnderReview], cancellationToken);
        var queue = new List<ReviewItem>();
        foreach (var project in waiting.Where(p => !p.Team.Contains(email)))
        {
            var votedByMe = project.State == ProjectState.UnderReview
                && await store.LoadAsync(Guid.Parse(project.ProjectId), cancellationToken) is { } loaded
                && loaded.Request.Votes.Any(v => v.Actor == email);
            queue.Add(new ReviewItem(project.ProjectId, project.Title, project.State, project.Requester, project.UpdatedAt, votedByMe));
        }
        return TypedResults.Ok(queue);
    }

    private static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> VoteAsync(string projectId, VoteInput input, ClaimsPrincipal user,
        RequestCommands commands, IOptions<GovernanceOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        if (input.Vote is not { } vote || !Enum.IsDefined(vote))
        {
            return Validation.Invalid("vote", "Vote approve, reject or abstain.");
        }
        if ((input.Comment?.Length ?? 0) > 5_000)
        {
            return Validation.Invalid("comment", "At most 5,000 characters.");
        }
        var committee = options.Value.Committee;
        return await CommitteeCommandAsync(projectId, user, options, commands, context, "vote", (request, now, member) =>
        {
            var events = request.StartReviewIfSubmitted(now, member);
            events.AddRange(request.CastVote(now, member, vote, input.Comment ?? "", new DecisionRule(committee.ApprovalsRequired, committee.AnyRejectBlocks)));
            return events;
        }, cancellationToken);
    }

    private static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> ReturnAsync(string projectId, CommentInput input, ClaimsPrincipal user,
        RequestCommands commands, IOptions<GovernanceOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.Comment) || input.Comment.Length > 5_000)
        {
            return Validation.Invalid("comment", "Say what must change (at most 5,000 characters).");
        }
        return await CommitteeCommandAsync(projectId, user, options, commands, context, "return-for-changes", (request, now, member) =>
        {
            var events = request.StartReviewIfSubmitted(now, member);
            events.Add(request.ReturnForChanges(now, member, input.Comment));
            return events;
        }, cancellationToken);
    }

    private static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> CommitteeCommandAsync(string projectId, ClaimsPrincipal user,
        IOptions<GovernanceOptions> options, RequestCommands commands, HttpContext context, string action,
        Func<AccessRequest, DateTimeOffset, string, IReadOnlyList<AccessRequestEvent>> decide, CancellationToken cancellationToken)
    {
        var members = options.Value.Committee.Members;
        if (user.Email() is { } email && members.Count > 0 && !members.Contains(email, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a committee member",
                detail: "Your role says committee member, but you are not on the committee's list (Governance:Committee:Members).");
        }
        return await ProjectCommands.ExecuteAsync(projectId, user, commands, context, action, decide, cancellationToken);
    }
}
