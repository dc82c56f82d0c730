using System.Security.Claims;
using System.Text.Json;
using EdsPlatform.DataAccess;
using EdsPlatform.Imaging.Contracts;
using EdsPlatform.Imaging.Inference;
using EdsPlatform.Imaging.Warehouse;
using EdsPlatform.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Imaging.Apis;

/// <param name="Model">A ready model of the repository.</param>
/// <param name="Version">Its version (the highest served when absent).</param>
/// <param name="Cohort">A cohort created for the project (its create job's id): only its members' studies are analysed.</param>
public sealed record ModelRunRequest(string? Model, long? Version, int? Cohort);

/// <summary>
/// A model run over the warehouse's imaging studies for an approved project with the dataset image_occurrence (checked
/// at the gateway and here): a job writing IMAGE_FEATURE rows, resumable after a kill, with counts (small ones
/// suppressed) and the persons with a positive finding as the project's pseudonyms.
/// </summary>
public static class ModelRunsApi
{
    public const string Dataset = "image_occurrence";

    public static IEndpointRouteBuilder MapModelRunsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/imaging/projects/{projectId}/runs").RequireAuthorization(PlatformPolicies.SignedIn);
        runs.MapPost("/", SubmitAsync).RequireGrant(Dataset)
            .WithName("SubmitModelRun").WithSummary("Queues a model run over the warehouse's imaging studies (of a cohort created for the project, when given), writing IMAGE_FEATURE.");
        runs.MapGet("/{jobId:int}", GetAsync).RequireGrant(Dataset)
            .WithName("GetModelRun").WithSummary("A run's status, progress and, once done, its counts (small ones shown as \"<10\").");
        runs.MapPost("/{jobId:int}/cancel", CancelAsync).RequireGrant(Dataset)
            .WithName("CancelModelRun").WithSummary("Cancels a queued or running model run (the studies already analysed stay written).");
        runs.MapGet("/{jobId:int}/members", MembersAsync).RequireGrant(Dataset)
            .WithName("GetModelRunMembers").WithSummary("The persons with a positive finding, as the project's pseudonyms.");
        return app;
    }

    private static async Task<Results<Accepted<ModelRunView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(string projectId, ModelRunRequest request,
        ClaimsPrincipal user, InferenceServer server, JobQueue jobs, ProjectCohorts cohorts, SmallCellSuppression suppression, IOptions<JobQueueOptions> options,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ServedVersion? model = null;
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            errors["model"] = ["Name a model of the repository (GET /api/imaging/v2/models/{name})."];
        }
        else
        {
            try
            {
                model = server.Get(request.Model, request.Version);
            }
            catch (InferenceException unavailable)
            {
                errors[unavailable.Status == 404 && request.Version is not null ? "version" : "model"] = [unavailable.Message];
            }
        }
        if (model is { Config.Selection: null })
        {
            errors["model"] = [$"Model '{model.Config.Name}' has no series selection rules: it cannot choose the studies it applies to."];
        }
        if (request.Cohort is { } cohort && !await cohorts.IsCreatedForAsync(cohort, Guid.Parse(projectId), cancellationToken))
        {
            errors["cohort"] = [$"Cohort {cohort} was not created for this project (create it for the project in the cohort builder)."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var maxActive = options.Value.MaxActiveJobsPerUser;
        if (await jobs.EnqueueAsync(user.Email() ?? user.UserId() ?? "unknown", Guid.Parse(projectId), "model-run", new ModelRunPayload(model!.Config.Name, model.Version, request.Cohort),
            maxActive, cancellationToken) is not { } id)
        {
            return JobQueue.TooManyJobs(maxActive, "model runs");
        }
        return TypedResults.Accepted($"/api/imaging/projects/{projectId}/runs/{id}", View((await jobs.GetAsync(id, cancellationToken))!, suppression));
    }

    private static async Task<Results<Ok<ModelRunView>, ProblemHttpResult>> GetAsync(string projectId, int jobId, JobQueue jobs, SmallCellSuppression suppression,
        CancellationToken cancellationToken) =>
        await jobs.GetForProjectAsync(jobId, projectId, cancellationToken) is { } job ? TypedResults.Ok(View(job, suppression)) : NoSuchRun(jobId);

    private static async Task<Results<Accepted<ModelRunView>, ProblemHttpResult>> CancelAsync(string projectId, int jobId, JobQueue jobs, SmallCellSuppression suppression,
        CancellationToken cancellationToken)
    {
        return await jobs.CancelForProjectAsync(jobId, projectId, cancellationToken) switch
        {
            null => NoSuchRun(jobId),
            ({ } job, false) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job already over", detail: $"Model run {jobId} is {job.Status}."),
            ({ } job, true) => TypedResults.Accepted($"/api/imaging/projects/{projectId}/runs/{jobId}", View(job, suppression)),
        };
    }

    private static async Task<Results<Ok<ModelRunMembersPage>, ValidationProblem, ProblemHttpResult>> MembersAsync(string projectId, int jobId, int? offset, int? limit,
        JobQueue jobs, GovernanceApiClient governance, CancellationToken cancellationToken)
    {
        if (Validation.PagingErrors(offset, limit, 1_000) is { Count: > 0 } paging)
        {
            return TypedResults.ValidationProblem(paging);
        }
        if (await jobs.GetForProjectAsync(jobId, projectId, cancellationToken) is not { Status: JobStatus.Succeeded } job)
        {
            return NoSuchRun(jobId);
        }
        var persons = Raw(job)!.PersonsPositive.Skip(offset ?? 0).Take(limit ?? 100).ToList();
        return TypedResults.Ok(new ModelRunMembersPage(jobId, offset ?? 0, await governance.PseudonymsAsync(projectId, persons, cancellationToken)));
    }

    private static RawModelRun? Raw(Job job) => job.Result?.Deserialize<RawModelRun>(JsonSerializerOptions.Web);

    private static ModelRunView View(Job job, SmallCellSuppression suppression)
    {
        var raw = Raw(job);
        var result = raw is null ? null : new ModelRunResult(raw.Model, raw.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), raw.Provider, raw.Cohort,
            raw.Studies, raw.Analysed, raw.NotMatching, raw.Unreadable, suppression.Show(raw.Positive), suppression.Show(raw.PersonsPositive.Length));
        return new ModelRunView(job.Id, job.Status, job.Progress, job.ProjectId, result, job.Error, job.CreatedAt, job.FinishedAt);
    }

    private static ProblemHttpResult NoSuchRun(int jobId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such model run", detail: $"There is no model run {jobId} in this project.");
}
