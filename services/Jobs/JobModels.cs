using System.Text.Json;

namespace EdsPlatform.Jobs;

/// <summary>A job as its owner sees it.</summary>
/// <param name="Kind">What the service does with the payload (a cohort job's mode, say).</param>
/// <param name="ProjectId">The project the job was submitted for, if any.</param>
/// <param name="Result">The handler's answer (JSON), once succeeded.</param>
public sealed record Job(int Id, string Owner, Guid? ProjectId, string Kind, JobStatus Status, float Progress, JsonElement? Result, string? Error,
    string PayloadSha256, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <summary>A job a worker has claimed: what its handler runs.</summary>
public sealed record ClaimedJob(int Id, string Owner, Guid? ProjectId, string Kind, string Payload, string PayloadSha256, int Attempts);

/// <summary>What a service does with its jobs; the worker around it claims, beats, cancels, times out and records.</summary>
public interface IJobHandler
{
    /// <summary>Runs the job; the answer is stored as its result (JSON). <paramref name="progress"/> takes 0 to 1.</summary>
    Task<object> RunAsync(ClaimedJob job, Action<float> progress, CancellationToken cancellationToken);

    /// <summary>A sentence for the owner when the job failed because of what it asked (null: the failure is ours, and a generic sentence is shown).</summary>
    string? Explain(Exception failure);
}
