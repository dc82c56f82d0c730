using System.Security.Claims;
using System.Text.Json;
using EdsPlatform.DataAccess;
using EdsPlatform.Jobs;
using EdsPlatform.Nlp.Contracts;
using EdsPlatform.Nlp.Extraction;
using EdsPlatform.Nlp.Pipeline;
using EdsPlatform.Nlp.Pipeline.Pseudonymization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EdsPlatform.Nlp.Apis;

/// <summary>Which notes to extract: by note date, a word of the title and the members of a cohort created for the project; every note when empty.</summary>
public sealed record ExtractionRequest(DateOnly? From, DateOnly? To, string? Title, int? Cohort);

/// <summary>A whole-warehouse extraction (data stewards): by note date and title, split in <paramref name="Shards"/> jobs (1 by default) for worker replicas.</summary>
public sealed record WarehouseExtractionRequest(DateOnly? From, DateOnly? To, string? Title, int? Shards);

/// <summary>
/// Extraction of the warehouse's notes into OMOP NOTE_NLP, as jobs. A project with an active grant on "note"
/// (checked at the gateway and here) extracts its notes and browses the results as pseudonymised rows and
/// pseudonymised notes, never raw text; a data steward runs the whole-warehouse extraction.
/// </summary>
public static class ExtractionApi
{
    public const string Dataset = "note";

    /// <summary>Labels a project browses: clinical facts. Dates and durations stay in NOTE_NLP (they identify more than they tell).</summary>
    private static readonly string[] BrowsedLabels = [EntityLabels.Diagnosis, EntityLabels.Drug, EntityLabels.Measurement];

    public static IEndpointRouteBuilder MapExtractionApi(this IEndpointRouteBuilder app)
    {
        var project = app.MapGroup("/api/nlp/projects/{projectId}/extractions").RequireAuthorization(PlatformPolicies.SignedIn);
        project.MapPost("/", SubmitForProjectAsync).RequireGrant(Dataset)
            .WithName("SubmitProjectExtraction").WithSummary("Queues the extraction of the notes in scope (note date, title) into NOTE_NLP, for the project.");
        project.MapGet("/{jobId:int}", GetForProjectAsync).RequireGrant(Dataset)
            .WithName("GetProjectExtraction").WithSummary("An extraction's status, progress, notes and rows.");
        project.MapGet("/{jobId:int}/rows", RowsAsync).RequireGrant(Dataset)
            .WithName("GetExtractionRows").WithSummary("The NOTE_NLP rows of the extraction's notes (diagnoses, drugs, measurements), persons as the project's pseudonyms.");
        project.MapGet("/{jobId:int}/notes", NotesAsync).RequireGrant(Dataset)
            .WithName("GetExtractionNotes").WithSummary("The extraction's notes, pseudonymised (identifiers replaced by their labels), persons as the project's pseudonyms.");

        var warehouse = app.MapGroup("/api/nlp/extractions").RequireAuthorization(PlatformPolicies.DataSteward);
        warehouse.MapPost("/", SubmitForWarehouseAsync)
            .WithName("SubmitWarehouseExtraction").WithSummary("Queues the whole-warehouse extraction into NOTE_NLP (data stewards), resumable after a kill.");
        warehouse.MapGet("/{jobId:int}", GetForWarehouseAsync)
            .WithName("GetWarehouseExtraction").WithSummary("A whole-warehouse extraction's status, progress, notes and rows.");
        return app;
    }

    private static async Task<Results<Accepted<ExtractionView>, ValidationProblem, ProblemHttpResult>> SubmitForProjectAsync(string projectId, ExtractionRequest request,
        ClaimsPrincipal user, JobQueue jobs, ProjectCohorts cohorts, IOptions<JobQueueOptions> options, CancellationToken cancellationToken)
    {
        var errors = ScopeErrors(request.From, request.To, request.Title);
        if (request.Cohort is { } cohort && !await cohorts.IsCreatedForAsync(cohort, Guid.Parse(projectId), cancellationToken))
        {
            errors["cohort"] = [$"Cohort {cohort} was not created for this project (create it for the project in the cohort builder)."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var scope = new NoteScope(request.From, request.To, Trimmed(request.Title), request.Cohort);
        return await EnqueueAsync(user, Guid.Parse(projectId), scope, options.Value.MaxActiveJobsPerUser, jobs, cancellationToken) is { } id
            ? TypedResults.Accepted($"/api/nlp/projects/{projectId}/extractions/{id}", View((await jobs.GetAsync(id, cancellationToken))!))
            : TooManyJobs(options.Value.MaxActiveJobsPerUser);
    }

    /// <summary>
    /// The whole warehouse (or a period, or a title), in <see cref="WarehouseExtractionRequest.Shards"/> jobs that worker
    /// replicas share: shard k takes the notes whose id modulo the shard count is k.
    /// </summary>
    private static async Task<Results<Accepted<List<ExtractionView>>, ValidationProblem, ProblemHttpResult>> SubmitForWarehouseAsync(WarehouseExtractionRequest? request,
        ClaimsPrincipal user, JobQueue jobs, IOptions<JobQueueOptions> options, CancellationToken cancellationToken)
    {
        request ??= new WarehouseExtractionRequest(null, null, null, null);
        var errors = ScopeErrors(request.From, request.To, request.Title);
        if (request.Shards is < 1 or > MaxShards)
        {
            errors["shards"] = [$"1 to {MaxShards} shards."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var shards = request.Shards ?? 1;
        // A split run is one request: the per-user cap counts it once.
        var cap = options.Value.MaxActiveJobsPerUser + shards - 1;
        var views = new List<ExtractionView>();
        for (var shard = 0; shard < shards; shard++)
        {
            var scope = new NoteScope(request.From, request.To, Trimmed(request.Title), Shard: shards > 1 ? shard : null, Shards: shards > 1 ? shards : null);
            if (await EnqueueAsync(user, null, scope, cap, jobs, cancellationToken) is not { } id)
            {
                return TooManyJobs(options.Value.MaxActiveJobsPerUser);
            }
            views.Add(View((await jobs.GetAsync(id, cancellationToken))!));
        }
        return TypedResults.Accepted($"/api/nlp/extractions/{views[0].Id}", views);
    }

    private const int MaxShards = 64;

    private static Dictionary<string, string[]> ScopeErrors(DateOnly? from, DateOnly? to, string? title)
    {
        var errors = new Dictionary<string, string[]>();
        if (from > to)
        {
            errors["to"] = ["The period ends after it starts."];
        }
        if (title is { Length: > 100 })
        {
            errors["title"] = ["At most 100 characters."];
        }
        return errors;
    }

    private static string? Trimmed(string? title) => string.IsNullOrWhiteSpace(title) ? null : title.Trim();

    private static Task<int?> EnqueueAsync(ClaimsPrincipal user, Guid? projectId, NoteScope scope, int maxActive, JobQueue jobs, CancellationToken cancellationToken) =>
        jobs.EnqueueAsync(user.Email() ?? user.UserId() ?? "unknown", projectId, "extraction", scope, maxActive, cancellationToken);

    private static ProblemHttpResult TooManyJobs(int maxActive) => JobQueue.TooManyJobs(maxActive, "extractions");

    private static async Task<Results<Ok<ExtractionView>, ProblemHttpResult>> GetForProjectAsync(string projectId, int jobId, JobQueue jobs, CancellationToken cancellationToken) =>
        await jobs.GetForProjectAsync(jobId, projectId, cancellationToken) is { } job ? TypedResults.Ok(View(job)) : NoSuchExtraction(jobId);

    private static async Task<Results<Ok<ExtractionView>, ProblemHttpResult>> GetForWarehouseAsync(int jobId, JobQueue jobs, CancellationToken cancellationToken) =>
        await jobs.GetAsync(jobId, cancellationToken) is { ProjectId: null } job ? TypedResults.Ok(View(job)) : NoSuchExtraction(jobId);

    private static async Task<Results<Ok<NoteNlpRowsPage>, ValidationProblem, ProblemHttpResult>> RowsAsync(string projectId, int jobId, int? offset, int? limit,
        JobQueue jobs, OmopReader omop, NpgsqlDataSource owner, GovernanceApiClient governance, CancellationToken cancellationToken)
    {
        if (Validation.PagingErrors(offset, limit, 1_000) is { Count: > 0 } paging)
        {
            return TypedResults.ValidationProblem(paging);
        }
        if (await jobs.GetForProjectAsync(jobId, projectId, cancellationToken) is not { } job)
        {
            return NoSuchExtraction(jobId);
        }
        await using var command = omop.DataSource.CreateCommand($"""
            SELECT n.person_id, n.note_date, x.lexical_variant, x.note_nlp_concept_id, x.note_nlp_source_concept_id, x.term_exists, x.term_temporal, x.term_modifiers
            FROM cdm.note n JOIN cdm.note_nlp x ON x.note_id = n.note_id AND x.nlp_system = $8
            WHERE {NoteScope.Where(1)} AND n.note_id <= $7 AND split_part(split_part(x.term_modifiers, ';', 1), '=', 2) = ANY($9)
            ORDER BY n.note_id, x.note_nlp_id OFFSET $10 LIMIT $11
            """);
        await AddBrowsedScopeAsync(command, jobs, owner, job, cancellationToken);
        command.Parameters.AddWithValue(ClinicalPipeline.SystemName);
        command.Parameters.AddWithValue(BrowsedLabels);
        command.Parameters.AddWithValue(offset ?? 0);
        command.Parameters.AddWithValue(limit ?? 100);
        var rows = new List<(long Person, NoteNlpRow Row)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var modifiers = reader.GetString(7);
                rows.Add((reader.GetInt64(0), new NoteNlpRow("", reader.GetFieldValue<DateOnly>(1), NoteNlpRows.LabelOf(modifiers), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4), NoteNlpRows.SectionOf(modifiers),
                    reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), modifiers)));
            }
        }
        var pseudonyms = await governance.PseudonymsAsync(projectId, [.. rows.Select(r => r.Person)], cancellationToken);
        return TypedResults.Ok(new NoteNlpRowsPage(jobId, offset ?? 0, [.. rows.Select((r, i) => r.Row with { Person = pseudonyms[i] })]));
    }

    private static async Task<Results<Ok<PseudonymizedNotesPage>, ValidationProblem, ProblemHttpResult>> NotesAsync(string projectId, int jobId, int? offset, int? limit,
        JobQueue jobs, OmopReader omop, NpgsqlDataSource owner, GovernanceApiClient governance, ClinicalPipeline pipeline, CancellationToken cancellationToken)
    {
        if (Validation.PagingErrors(offset, limit, 100) is { Count: > 0 } paging)
        {
            return TypedResults.ValidationProblem(paging);
        }
        if (await jobs.GetForProjectAsync(jobId, projectId, cancellationToken) is not { } job)
        {
            return NoSuchExtraction(jobId);
        }
        await using var command = omop.DataSource.CreateCommand($"""
            SELECT n.person_id, n.note_date, n.note_title, n.note_text FROM cdm.note n
            WHERE {NoteScope.Where(1)} AND n.note_id <= $7 ORDER BY n.note_id OFFSET $8 LIMIT $9
            """);
        await AddBrowsedScopeAsync(command, jobs, owner, job, cancellationToken);
        command.Parameters.AddWithValue(offset ?? 0);
        command.Parameters.AddWithValue(limit ?? 20);
        var notes = new List<(long Person, PseudonymizedNote Note)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var date = reader.GetFieldValue<DateOnly>(1);
                var text = pipeline.Pseudonymize(reader.IsDBNull(3) ? "" : reader.GetString(3), date, PseudonymizationMode.Tags).Text;
                var title = reader.IsDBNull(2) ? null : pipeline.Pseudonymize(reader.GetString(2), date, PseudonymizationMode.Tags).Text;
                notes.Add((reader.GetInt64(0), new PseudonymizedNote("", date, title, text)));
            }
        }
        var pseudonyms = await governance.PseudonymsAsync(projectId, [.. notes.Select(n => n.Person)], cancellationToken);
        return TypedResults.Ok(new PseudonymizedNotesPage(jobId, offset ?? 0, [.. notes.Select((n, i) => n.Note with { Person = pseudonyms[i] })]));
    }

    /// <summary>
    /// The notes a project browses for a job: its scope ($1 to $6) up to the last note it has extracted ($7, its
    /// checkpoint), so that results can be read while it runs.
    /// </summary>
    private static async Task AddBrowsedScopeAsync(NpgsqlCommand command, JobQueue jobs, NpgsqlDataSource owner, Job job, CancellationToken cancellationToken)
    {
        JsonSerializer.Deserialize<NoteScope>(await jobs.PayloadAsync(job.Id, cancellationToken) ?? "{}", JsonSerializerOptions.Web)!.AddParameters(command);
        await using var checkpoint = owner.CreateCommand("SELECT last_note_id FROM nlp.extraction_progress WHERE job_id = $1");
        checkpoint.Parameters.AddWithValue(job.Id);
        command.Parameters.AddWithValue(await checkpoint.ExecuteScalarAsync(cancellationToken) as long? ?? long.MinValue);
    }

    private static ExtractionView View(Job job) =>
        new(job.Id, job.Status, job.Progress, job.ProjectId, job.Result?.Deserialize<ExtractionResult>(JsonSerializerOptions.Web), job.Error, job.CreatedAt, job.FinishedAt);

    private static ProblemHttpResult NoSuchExtraction(int jobId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such extraction", detail: $"There is no extraction {jobId} here.");
}
