using System.Security.Claims;
using System.Text.Json;
using EdsPlatform.DataAccess;
using EdsPlatform.Interactions.Contracts;
using EdsPlatform.Interactions.Engine;
using EdsPlatform.Interactions.Screening;
using EdsPlatform.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Interactions.Apis;

/// <param name="Substances">Only pairs involving one of these (DCI, brand or ATC code); every pair when absent.</param>
/// <param name="MinLevel">CI, AD, PE or APEC (the default: every level).</param>
/// <param name="Cohort">A cohort created for the project (its create job's id): only its members are screened.</param>
public sealed record ScreeningRequest(DateOnly? From, DateOnly? To, List<string?>? Substances, string? MinLevel, string? Edition, int? Cohort);

/// <summary>
/// Pharmacovigilance screening of the warehouse, for an approved project with the dataset drug_exposure (checked at
/// the gateway and here): a job that finds persons co-exposed to interacting drugs, with counts by pair and level
/// (small counts suppressed) and the persons of a pair as the project's pseudonyms. The job belongs to the project:
/// its team sees it while the grant lasts.
/// </summary>
public static class ScreeningApi
{
    public const string Dataset = "drug_exposure";

    private static readonly string[] LevelCodes = ["CI", "AD", "PE", "APEC"];

    public static IEndpointRouteBuilder MapScreeningApi(this IEndpointRouteBuilder app)
    {
        var project = app.MapGroup("/api/interactions/projects/{projectId}/screenings").RequireAuthorization(PlatformPolicies.SignedIn);
        project.MapPost("/", SubmitAsync).RequireGrant(Dataset)
            .WithName("SubmitScreening").WithSummary("Queues a screening of the warehouse's drug exposures for interacting co-exposures (period, substances and minimum level optional).");
        project.MapGet("/{jobId:int}", GetAsync).RequireGrant(Dataset)
            .WithName("GetScreening").WithSummary("A screening's status and, once done, the pairs found by level with persons and co-exposures (counts below the threshold shown as \"<10\").");
        project.MapPost("/{jobId:int}/cancel", CancelAsync).RequireGrant(Dataset)
            .WithName("CancelScreening").WithSummary("Cancels a queued or running screening.");
        project.MapGet("/{jobId:int}/pairs/{pair:int}/members", MembersAsync).RequireGrant(Dataset)
            .WithName("GetScreeningMembers").WithSummary("The persons co-exposed to one pair of a screening, as the project's pseudonyms.");
        return app;
    }

    private static async Task<Results<Accepted<ScreeningView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(string projectId, ScreeningRequest request,
        ClaimsPrincipal user, Editions editions, JobQueue jobs, ProjectCohorts cohorts, SmallCellSuppression suppression, IOptions<JobQueueOptions> options,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Cohort is { } cohort && !await cohorts.IsCreatedForAsync(cohort, Guid.Parse(projectId), cancellationToken))
        {
            errors["cohort"] = [$"Cohort {cohort} was not created for this project (create it for the project in the cohort builder)."];
        }
        if (request.From > request.To)
        {
            errors["to"] = ["The period ends after it starts."];
        }
        var minLevel = request.MinLevel?.Trim().ToUpperInvariant() ?? "APEC";
        if (!LevelCodes.Contains(minLevel))
        {
            errors["minLevel"] = ["CI, AD, PE or APEC."];
        }
        var analyzer = editions.Get(request.Edition);
        if (analyzer is null)
        {
            errors["edition"] = [$"No edition '{request.Edition}'; see GET /api/interactions/editions."];
        }
        var substances = new SortedSet<string>(StringComparer.Ordinal);
        if (request.Substances is { Count: > 50 })
        {
            errors["substances"] = ["At most 50 substances."];
        }
        foreach (var (name, index) in (request.Substances ?? []).Take(50).Select((name, index) => (name, index)))
        {
            if (analyzer is null)
            {
                break;
            }
            var resolved = string.IsNullOrWhiteSpace(name) || name.Length > 200 ? null : analyzer.Resolver.Resolve(name);
            if (resolved is not { Status: Resolution.Resolved })
            {
                errors[$"substances[{index}]"] = [$"'{name}' is not a substance of the thesaurus (search GET /api/interactions/substances)."];
                continue;
            }
            substances.UnionWith(resolved.Substances);
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var payload = new ScreeningPayload(request.From, request.To, substances.Count > 0 ? [.. substances] : null, minLevel, analyzer!.Edition.Name, request.Cohort);
        var maxActive = options.Value.MaxActiveJobsPerUser;
        if (await jobs.EnqueueAsync(user.Email() ?? user.UserId() ?? "unknown", Guid.Parse(projectId), "screening", payload, maxActive, cancellationToken) is not { } id)
        {
            return JobQueue.TooManyJobs(maxActive, "screenings");
        }
        return TypedResults.Accepted($"/api/interactions/projects/{projectId}/screenings/{id}", View((await jobs.GetAsync(id, cancellationToken))!, suppression));
    }

    private static async Task<Results<Ok<ScreeningView>, ProblemHttpResult>> GetAsync(string projectId, int jobId, JobQueue jobs, SmallCellSuppression suppression,
        CancellationToken cancellationToken) =>
        await jobs.GetForProjectAsync(jobId, projectId, cancellationToken) is { } job ? TypedResults.Ok(View(job, suppression)) : NoSuchScreening(jobId);

    private static async Task<Results<Accepted<ScreeningView>, ProblemHttpResult>> CancelAsync(string projectId, int jobId, JobQueue jobs, SmallCellSuppression suppression,
        CancellationToken cancellationToken)
    {
        return await jobs.CancelForProjectAsync(jobId, projectId, cancellationToken) switch
        {
            null => NoSuchScreening(jobId),
            ({ } job, false) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job already over", detail: $"Screening {jobId} is {job.Status}."),
            ({ } job, true) => TypedResults.Accepted($"/api/interactions/projects/{projectId}/screenings/{jobId}", View(job, suppression)),
        };
    }

    private static async Task<Results<Ok<ScreeningMembersPage>, ValidationProblem, ProblemHttpResult>> MembersAsync(string projectId, int jobId, int pair, int? offset, int? limit,
        JobQueue jobs, GovernanceApiClient governance, CancellationToken cancellationToken)
    {
        if (Validation.PagingErrors(offset, limit, 1_000) is { Count: > 0 } paging)
        {
            return TypedResults.ValidationProblem(paging);
        }
        if (await jobs.GetForProjectAsync(jobId, projectId, cancellationToken) is not { Status: JobStatus.Succeeded } job)
        {
            return NoSuchScreening(jobId);
        }
        var findings = Raw(job)!.Findings;
        if (pair < 0 || pair >= findings.Count)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such pair", detail: $"Screening {jobId} found {findings.Count} pairs (0 to {findings.Count - 1}).");
        }
        var persons = findings[pair].Persons.Skip(offset ?? 0).Take(limit ?? 100).ToList();
        var pseudonyms = await governance.PseudonymsAsync(projectId, persons, cancellationToken);
        return TypedResults.Ok(new ScreeningMembersPage(jobId, pair, offset ?? 0, pseudonyms));
    }

    private static RawScreening? Raw(Job job) => job.Result?.Deserialize<RawScreening>(JsonSerializerOptions.Web);

    private static ScreeningView View(Job job, SmallCellSuppression suppression)
    {
        var raw = Raw(job);
        var result = raw is null ? null : new ScreeningResult(raw.Edition, raw.From, raw.To, raw.Cohort, raw.Exposures, raw.DrugVariants, raw.Unrecognised,
            [.. raw.Findings.Select((f, index) => new ScreenedPair(index, f.Finding.Substances, f.Finding.Level, f.Finding.Status, f.Finding.Risk, f.Finding.Conduct,
                f.Finding.Drugs, suppression.Show(f.Persons.Length), suppression.Show(f.CoExposures)))]);
        return new ScreeningView(job.Id, job.Status, job.Progress, job.ProjectId, result, job.Error, job.CreatedAt, job.FinishedAt);
    }

    private static ProblemHttpResult NoSuchScreening(int jobId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such screening", detail: $"There is no screening {jobId} in this project.");
}
