using EdsPlatform.Cohort.Definitions;
using EdsPlatform.Cohort.Infrastructure;
using EdsPlatform.Jobs;

namespace EdsPlatform.Cohort.Application;


/// <summary>A cohort job's result: the raw counts (suppressed when shown), the members kept by a create job, and whether the counts came from the cache.</summary>
public sealed record CohortOutcome(RawCohortResult Result, long? Members, bool FromCache);

/// <summary>
/// Runs a cohort job: the counts (from the cache when the same definition ran on the same data), then, in create
/// mode, the members written to cdm.cohort under the job's id. Both steps can run again after a takeover.
/// </summary>
public sealed class CohortJobHandler(CohortExecutor executor, ResultCache cache) : IJobHandler
{
    public async Task<object> RunAsync(ClaimedJob job, Action<float> progress, CancellationToken cancellationToken)
    {
        var definition = CirceJson.Read(job.Payload);
        // The data version counts warehouse loads; NOTE_NLP changes with every extraction, so note criteria are never cached.
        var cacheable = !definition.UsesPlatformExtensions;
        var cached = cacheable ? await cache.GetAsync(job.PayloadSha256, await executor.DataVersionAsync(cancellationToken)) : null;
        var result = cached ?? await executor.CountAsync(definition, value => { progress(value); return Task.CompletedTask; }, cancellationToken);
        if (cached is null && cacheable)
        {
            await cache.SetAsync(job.PayloadSha256, result);
        }
        long? members = Enum.Parse<JobMode>(job.Kind) == JobMode.Create ? await executor.MaterialiseAsync(job.Id, definition, cancellationToken) : null;
        return new CohortOutcome(result, members, FromCache: cached is not null);
    }

    public string? Explain(Exception failure) => failure is UnsupportedCohortElementException ? failure.Message : null;
}
