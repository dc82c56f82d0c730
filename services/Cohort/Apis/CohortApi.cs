using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdsPlatform.Cohort.Application;
using EdsPlatform.Cohort.Definitions;
using EdsPlatform.Cohort.Infrastructure;
using EdsPlatform.DataAccess;
using EdsPlatform.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Cohort.Apis;

/// <param name="Project">The project a create job is for: only that project's team can then list its members, within its grant.</param>
public sealed record JobRequest(JsonElement Definition, JobMode? Mode, string? Project);

/// <summary>
/// Definitions (ATLAS/Circe JSON in and out), count and create jobs with their suppressed results for everyone
/// signed in, and member lists only within a project's active grant, as that project's pseudonyms.
/// </summary>
public static class CohortApi
{
    /// <summary>The grant a member list needs: it lists persons.</summary>
    public const string MembersDataset = "person";

    public static IEndpointRouteBuilder MapCohortApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cohort").RequireAuthorization(PlatformPolicies.SignedIn);
        api.MapGet("/concepts", SearchConceptsAsync)
            .WithName("SearchConcepts").WithSummary("Vocabulary concepts whose name contains the text, or whose code or id is the text, for the cohort builder.");
        api.MapPost("/definitions/import", Import)
            .WithName("ImportDefinition").WithSummary("Checks an ATLAS/Circe cohort expression; answers it as this platform understands and exports it, or names the unsupported element.");
        api.MapPost("/jobs", SubmitAsync)
            .WithName("SubmitJob").WithSummary("Queues a count (aggregates only) or create (members materialised) job for a Circe definition.");
        api.MapGet("/jobs/{jobId:int}", GetAsync)
            .WithName("GetJob").WithSummary("A job's status, progress and result (after waiting up to `wait` seconds for it to be over); counts below the threshold are shown as \"<10\".");
        api.MapGet("/jobs/{jobId:int}/definition", ExportAsync)
            .WithName("ExportDefinition").WithSummary("The job's definition as ATLAS/Circe JSON, to import into ATLAS or back here.");
        api.MapPost("/jobs/{jobId:int}/cancel", CancelAsync)
            .WithName("CancelJob").WithSummary("Cancels a queued or running job (the running query is cancelled on the server).");
        api.MapGet("/projects/{projectId}/jobs/{jobId:int}/members", MembersAsync)
            .WithName("GetMembers").WithSummary("Members of a cohort created for the project by its team, as the project's pseudonyms; needs an active grant on every table the definition reads.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<ConceptMatch>>, ValidationProblem>> SearchConceptsAsync(string? q, string? domain, int? limit,
        ConceptSearch concepts, CancellationToken cancellationToken)
    {
        var text = q?.Trim() ?? "";
        var errors = Validation.PagingErrors(0, limit, 100);
        if (text.Length is < 2 or > 100)
        {
            errors["q"] = ["Search with 2 to 100 characters."];
        }
        if (domain is not null && CohortBuilder.CriterionDomainOf(domain) is null)
        {
            errors["domain"] = [$"One of {string.Join(", ", CohortBuilder.OmopDomains)}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await concepts.SearchAsync(text, domain, limit ?? 25, cancellationToken));
    }

    private static Results<Ok<JsonElement>, ProblemHttpResult> Import(JsonElement definition)
    {
        try
        {
            return TypedResults.Ok(JsonSerializer.Deserialize<JsonElement>(CirceJson.Write(CirceJson.Read(definition.GetRawText()))));
        }
        catch (UnsupportedCohortElementException unsupported)
        {
            return Unsupported(unsupported);
        }
    }

    private static async Task<Results<Accepted<JobView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(JobRequest request, ClaimsPrincipal user, JobQueue jobs,
        SmallCellSuppression suppression, IOptions<JobQueueOptions> options, CancellationToken cancellationToken)
    {
        Guid? projectId = null;
        if (request.Project is { } project)
        {
            if (!Guid.TryParse(project, out var parsed))
            {
                return Validation.Invalid("project", "A project id (a GUID), or nothing.");
            }
            projectId = parsed;
        }
        string definition;
        try
        {
            // A body without "definition" binds an undefined element, which has no text: refuse it like any non-object.
            definition = CirceJson.Write(CirceJson.Read(request.Definition.ValueKind == JsonValueKind.Undefined ? "null" : request.Definition.GetRawText()));
        }
        catch (UnsupportedCohortElementException unsupported)
        {
            return Unsupported(unsupported);
        }
        var owner = user.Email() ?? user.UserId() ?? "unknown";
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(definition)));
        var maxActive = options.Value.MaxActiveJobsPerUser;
        if (await jobs.EnqueueAsync(owner, projectId, (request.Mode ?? JobMode.Count).ToString(), definition, sha, maxActive, cancellationToken) is not { } id)
        {
            return JobQueue.TooManyJobs(maxActive, "cohort jobs");
        }
        var job = (await jobs.GetAsync(id, cancellationToken))!;
        return TypedResults.Accepted($"/api/cohort/jobs/{id}", View(job, suppression));
    }

    /// <summary>The longest a request may wait for its job (below the callers' HTTP attempt timeouts).</summary>
    private const int MaxWaitSeconds = 5;

    /// <param name="wait">Seconds to wait for the job to be over before answering (0 to 5): the builder's live count asks once instead of polling.</param>
    private static async Task<Results<Ok<JobView>, ValidationProblem, ProblemHttpResult>> GetAsync(int jobId, int? wait, ClaimsPrincipal user, JobQueue jobs,
        SmallCellSuppression suppression, CancellationToken cancellationToken)
    {
        if (wait is < 0 or > MaxWaitSeconds)
        {
            return Validation.Invalid("wait", $"Wait 0 to {MaxWaitSeconds} seconds.");
        }
        if (await jobs.GetAsync(jobId, cancellationToken) is not { } job || !IsOwner(user, job))
        {
            return NoSuchJob(jobId);
        }
        if (wait is > 0 && !job.Status.IsOver())
        {
            job = await jobs.WaitUntilOverAsync(jobId, TimeSpan.FromSeconds(wait.Value), cancellationToken) ?? job;
        }
        return TypedResults.Ok(View(job, suppression));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportAsync(int jobId, ClaimsPrincipal user, JobQueue jobs, CancellationToken cancellationToken) =>
        await jobs.GetAsync(jobId, cancellationToken) is { } job && IsOwner(user, job) && await jobs.PayloadAsync(jobId, cancellationToken) is { } definition
            ? TypedResults.Text(CirceJson.Write(CirceJson.Read(definition)), "application/json")
            : NoSuchJob(jobId);

    private static async Task<Results<Accepted<JobView>, ProblemHttpResult>> CancelAsync(int jobId, ClaimsPrincipal user, JobQueue jobs, SmallCellSuppression suppression, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(jobId, cancellationToken) is not { } job || !IsOwner(user, job))
        {
            return NoSuchJob(jobId);
        }
        if (!await jobs.RequestCancelAsync(jobId, job.Owner, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Job already over", detail: $"Job {jobId} is {job.Status}.");
        }
        return TypedResults.Accepted($"/api/cohort/jobs/{jobId}", View((await jobs.GetAsync(jobId, cancellationToken))!, suppression));
    }

    private static async Task<Results<Ok<MembersPage>, ValidationProblem, ProblemHttpResult>> MembersAsync(string projectId, int jobId, int? offset, int? limit, ClaimsPrincipal user,
        JobQueue jobs, CohortExecutor executor, DataAccessGuard guard, GovernanceApiClient governance, HttpContext context, CancellationToken cancellationToken)
    {
        if (Validation.PagingErrors(offset, limit, 1_000) is { Count: > 0 } paging)
        {
            return TypedResults.ValidationProblem(paging);
        }
        var job = await jobs.GetAsync(jobId, cancellationToken);
        var tablesRead = job is { Kind: nameof(JobMode.Create), Status: JobStatus.Succeeded } && await jobs.PayloadAsync(jobId, cancellationToken) is { } definition
            ? CirceJson.Read(definition).TablesRead()
            : null;
        var decision = await guard.AuthorizeAsync(context, projectId, MembersDataset, grant => MayList(job, tablesRead, user.Email()!, grant));
        if (!decision.Allowed)
        {
            return decision.ToProblem();
        }
        var members = await executor.MembersAsync(jobId, offset ?? 0, limit ?? 100, cancellationToken);
        var pseudonyms = await governance.PseudonymsAsync(projectId, [.. members.Select(m => m.Person)], cancellationToken);
        return TypedResults.Ok(new MembersPage(jobId, offset ?? 0, [.. members.Select((m, i) => new MemberRow(pseudonyms[i], m.Start, m.End))]));
    }

    /// <summary>
    /// Once the grant lets the caller read persons: a project's member list comes only from a cohort created for that
    /// project by a member of its team, and only when the grant covers every table the definition reads. Jobs of
    /// people outside the team are answered as missing, whatever they are.
    /// </summary>
    private static AccessDecision MayList(Job? job, IReadOnlySet<string>? tablesRead, string caller, GrantSnapshot grant)
    {
        var forThisProject = job?.ProjectId is { } id && Guid.TryParse(grant.ProjectId, out var project) && id == project;
        if (job is null || !(job.Owner == caller || (forThisProject && grant.Users.Contains(job.Owner, StringComparer.OrdinalIgnoreCase))))
        {
            return AccessDecision.Deny(DenialReason.NotFound, "There is no such job of yours or of this project's team.");
        }
        if (tablesRead is null)
        {
            return AccessDecision.Deny(DenialReason.NotFound, $"Job {job.Id} did not create a cohort (count jobs keep no members).");
        }
        if (!forThisProject)
        {
            return AccessDecision.Deny(DenialReason.CohortOutsideProject, $"Job {job.Id} was not created for this project: create the cohort again for it.");
        }
        var notGranted = tablesRead.Where(table => !grant.Datasets.Contains(table, StringComparer.Ordinal)).ToList();
        return notGranted.Count > 0
            ? AccessDecision.Deny(DenialReason.DatasetNotGranted, $"The cohort's definition reads {string.Join(", ", notGranted)}, which the project's grant does not cover.")
            : AccessDecision.Allow();
    }

    private static JobView View(Job job, SmallCellSuppression suppression)
    {
        var outcome = job.Result?.Deserialize<CohortOutcome>(JsonSerializerOptions.Web);
        return new(job.Id, Enum.Parse<JobMode>(job.Kind), job.Status, job.Progress, outcome is null ? null : suppression.Apply(outcome.Result), outcome?.FromCache ?? false,
            outcome?.Members is { } members ? suppression.Show(members) : null, job.Error, job.CreatedAt, job.FinishedAt, job.ProjectId);
    }

    private static bool IsOwner(ClaimsPrincipal user, Job job) => job.Owner == (user.Email() ?? user.UserId());

    private static ProblemHttpResult NoSuchJob(int jobId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such job", detail: $"There is no job {jobId} of yours.");

    private static ProblemHttpResult Unsupported(UnsupportedCohortElementException unsupported) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unsupported cohort definition", detail: unsupported.Message,
            extensions: new Dictionary<string, object?> { ["path"] = unsupported.Path });
}
