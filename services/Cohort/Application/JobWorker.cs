using EdsPlatform.Cohort.Definitions;
using EdsPlatform.Cohort.Infrastructure;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Cohort.Application;

/// <summary>
/// Claims jobs and runs them, one at a time per instance. A heartbeat every second records progress and picks up
/// cancellations (the running query is cancelled on the server). A job whose worker died is taken over once
/// stale and run again from the start (its steps are idempotent), and failed after too many attempts: no job
/// stays "running" after a restart.
/// </summary>
public sealed class JobWorker(JobStore jobs, CohortExecutor executor, ResultCache cache, IOptions<CohortOptions> options, ILogger<JobWorker> logger) : BackgroundService
{
    private readonly string _worker = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await jobs.CancelOrphansAsync(settings.StaleAfter, stoppingToken);
                if (await jobs.ClaimAsync(_worker, settings.StaleAfter, stoppingToken) is { } job)
                {
                    await RunAsync(job, settings, stoppingToken);
                    continue;
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "Cohort job loop failed; retrying");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
        }
    }

    private async Task RunAsync(ClaimedJob job, CohortOptions settings, CancellationToken stoppingToken)
    {
        if (job.Attempts > settings.MaxAttempts)
        {
            await jobs.FinishAsync(job.Id, _worker, JobStatus.Failed, null, null, $"Stopped after {settings.MaxAttempts} attempts: its worker kept dying.");
            return;
        }
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var overdue = new CancellationTokenSource(settings.JobTimeout);
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancelled.Token, overdue.Token);
        var progress = 0f;
        using var heartbeat = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var beating = Task.Run(async () =>
        {
            while (await heartbeat.WaitForNextTickAsync(CancellationToken.None))
            {
                if (await jobs.HeartbeatAsync(job.Id, _worker, progress, CancellationToken.None))
                {
                    await cancelled.CancelAsync();
                }
            }
        }, CancellationToken.None);
        try
        {
            var definition = CirceJson.Read(job.Definition);
            var cached = await cache.GetAsync(job.DefinitionSha256, await executor.DataVersionAsync(stopped.Token));
            var result = cached ?? await executor.CountAsync(definition, value => { progress = value; return Task.CompletedTask; }, stopped.Token);
            if (cached is null)
            {
                await cache.SetAsync(job.DefinitionSha256, result);
            }
            long? members = job.Mode == JobMode.Create ? await executor.MaterialiseAsync(job.Id, definition, stopped.Token) : null;
            await jobs.FinishAsync(job.Id, _worker, JobStatus.Succeeded, result, members, null, fromCache: cached is not null);
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            await jobs.FinishAsync(job.Id, _worker, JobStatus.Cancelled, null, null, "Cancelled by its owner.");
        }
        catch (OperationCanceledException) when (overdue.IsCancellationRequested)
        {
            var limit = settings.JobTimeout < TimeSpan.FromMinutes(1) ? $"{settings.JobTimeout.TotalSeconds:0} s" : $"{settings.JobTimeout.TotalMinutes:0.#} min";
            await jobs.FinishAsync(job.Id, _worker, JobStatus.Failed, null, null,
                $"The job ran longer than its time limit ({limit}) and was stopped. Narrow the definition (fewer or shorter windows, fewer rules) and try again.");
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Logged in full for the platform's team; the owner gets a sentence, never a database error.
            logger.LogWarning(failure, "Cohort job {JobId} failed", job.Id);
            await jobs.FinishAsync(job.Id, _worker, JobStatus.Failed, null, null, failure is UnsupportedCohortElementException
                ? failure.Message
                : $"The job failed on the warehouse. Nothing was kept; try again, and if it fails again give the platform's team the job number {job.Id}.");
        }
        finally
        {
            heartbeat.Dispose();
            await beating;
        }
    }
}
