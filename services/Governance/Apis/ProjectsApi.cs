using System.Security.Claims;
using EdsPlatform.Governance.Application;
using EdsPlatform.Governance.Domain;
using EdsPlatform.Governance.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Governance.Apis;

/// <summary>Researchers' side: create a project, edit it while it is a draft or returned, submit it, follow it.</summary>
public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/governance").RequireAuthorization(PlatformPolicies.SignedIn);
        api.MapGet("/datasets", (IOptions<GovernanceOptions> options) => TypedResults.Ok(options.Value.Datasets))
            .WithName("ListRequestableDatasets").WithSummary("The warehouse tables a project may request.");
        api.MapGet("/projects", ListMineAsync)
            .WithName("ListMyProjects").WithSummary("Projects whose team includes the caller.");
        api.MapPost("/projects", CreateAsync).RequireAuthorization(PlatformPolicies.Researcher)
            .WithName("CreateProject").WithSummary("Creates a project with its access request, as a draft.");
        api.MapGet("/projects/{projectId}", GetAsync)
            .WithName("GetProject").WithSummary("A project with its request's state, votes, grant and history (team, committee, stewards).");
        api.MapPut("/projects/{projectId}", AmendAsync)
            .WithName("EditProject").WithSummary("Edits a draft or a request returned for changes (team).");
        api.MapPost("/projects/{projectId}/submit", (string projectId, ClaimsPrincipal user, RequestCommands commands, HttpContext context, CancellationToken ct) =>
                ProjectCommands.ExecuteAsync(projectId, user, commands, context, "submit", (request, now, actor) => [request.Submit(now, actor)], ct))
            .WithName("SubmitRequest").WithSummary("Submits the access request to the committee (team).");
        api.MapPost("/projects/{projectId}/close", (string projectId, ClaimsPrincipal user, RequestCommands commands, HttpContext context, CancellationToken ct) =>
                ProjectCommands.ExecuteAsync(projectId, user, commands, context, "close", (request, now, actor) => [request.Close(now, actor)], ct))
            .WithName("CloseRequest").WithSummary("Withdraws an undecided request (team).");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<ProjectSummary>>, ProblemHttpResult>> ListMineAsync(ClaimsPrincipal user, RequestStore store, CancellationToken cancellationToken) =>
        user.Email() is { } email ? TypedResults.Ok(await store.ListAsync(email, null, cancellationToken)) : ApiResults.NoEmail();

    private static async Task<Results<Created<ProjectView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ProjectInput input, ClaimsPrincipal user, RequestCommands commands, IOptions<GovernanceOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        if (user.Email() is not { } email)
        {
            return ApiResults.NoEmail();
        }
        var (details, errors) = Validate(input, options.Value);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var request = await commands.CreateAsync(email, details, context.CorrelationId(), cancellationToken);
        return TypedResults.Created($"/api/governance/projects/{request.ProjectId}", ProjectViews.From(request, []));
    }

    private static async Task<Results<Ok<ProjectView>, ProblemHttpResult>> GetAsync(string projectId, ClaimsPrincipal user, RequestStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(projectId, out var id) || await store.LoadAsync(id, cancellationToken) is not { } loaded || !ProjectCommands.MaySee(user, loaded.Request))
        {
            return ApiResults.NotFound(projectId);
        }
        return TypedResults.Ok(ProjectViews.From(loaded.Request, loaded.Events));
    }

    private static async Task<Results<Ok<ProjectView>, ValidationProblem, ProblemHttpResult>> AmendAsync(string projectId, ProjectInput input, ClaimsPrincipal user,
        RequestCommands commands, RequestStore store, IOptions<GovernanceOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        var (details, errors) = Validate(input, options.Value);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await ProjectCommands.ExecuteAsync(projectId, user, commands, context, "amend", (request, now, actor) => [request.Amend(now, actor, details)], cancellationToken);
    }

    /// <summary>The details as the team wrote them, and every field error (a null in a list is one: it names nobody and nothing).</summary>
    private static (ProjectDetails Details, Dictionary<string, string[]> Errors) Validate(ProjectInput input, GovernanceOptions options)
    {
        var details = input.ToDetails();
        var errors = details.Validate(options.Datasets.ToHashSet());
        if (input.Members?.Contains(null!) == true)
        {
            errors["members"] = ["A team member is an e-mail address, not null."];
        }
        if (input.Datasets?.Contains(null!) == true)
        {
            errors["datasets"] = ["A dataset is a table name, not null."];
        }
        return (details, errors);
    }
}
