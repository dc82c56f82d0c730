using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EdsPlatform.Jobs;

/// <summary>
/// Claims jobs and runs them through <typeparamref name="THandler"/>, one at a time per worker. A heartbeat every
/// second records progress and picks up cancellations (the running work is cancelled, database queries on the
/// server). A job whose worker died is taken over once stale and run again from the start (handlers are
/// idempotent), and failed after too many attempts; a job past its time limit is stopped and failed: no job stays
/// "running". Failures reach the owner as a sentence, never as an exception.
/// </summary>
public sealed class JobWorker<THandler>(JobQueue jobs, THandler handler, IOptions<JobQueueOptions> options, ILogger<JobWorker<THandler>> logger)
    : BackgroundService where THandler : IJobHandler
{
    private readonly string _worker = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        NpgsqlConnection? listener = null;
        try
        {
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
                    logger.LogError(failure, "Job loop failed; retrying");
                }
                listener = await WaitForWorkAsync(listener, settings.PollInterval, stoppingToken);
            }
        }
        finally
        {
            if (listener is not null)
            {
                await listener.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Sleeps until a job is announced, or the poll interval passes (stale jobs to take over are not announced). A lost
    /// listening connection (PostgreSQL restarting) falls back to polling until it can be opened again.
    /// </summary>
    private async Task<NpgsqlConnection?> WaitForWorkAsync(NpgsqlConnection? listener, TimeSpan poll, CancellationToken stoppingToken)
    {
        try
        {
            listener ??= await jobs.ListenAsync(stoppingToken);
            await listener.WaitAsync(poll, stoppingToken);
            return listener;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogWarning("Job announcements unavailable ({Message}); polling", failure.Message);
            if (listener is not null)
            {
                await listener.DisposeAsync();
            }
            await Task.Delay(poll, stoppingToken);
            return null;
        }
    }

    /// <summary>A lost connection, or a server shutting down or starting (SQLSTATE classes 08 and 57P).</summary>
    private static bool IsTransient(Exception failure) => failure switch
    {
        Npgsql.PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        System.Data.Common.DbException { IsTransient: true } => true,
        _ => failure.InnerException is { } inner && IsTransient(inner),
    };

    private async Task RunAsync(ClaimedJob job, JobQueueOptions settings, CancellationToken stoppingToken)
    {
        if (job.Attempts > settings.MaxAttempts)
        {
            await jobs.FinishAsync(job.Id, _worker, JobStatus.Failed, null, $"Stopped after {settings.MaxAttempts} attempts: its worker kept dying.");
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
            var result = await handler.RunAsync(job, value => progress = value, stopped.Token);
            await jobs.FinishAsync(job.Id, _worker, JobStatus.Succeeded, JsonSerializer.Serialize(result, result.GetType(), JsonSerializerOptions.Web), null);
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            await jobs.FinishAsync(job.Id, _worker, JobStatus.Cancelled, null, "Cancelled by its owner.");
        }
        catch (OperationCanceledException) when (overdue.IsCancellationRequested)
        {
            var limit = settings.JobTimeout < TimeSpan.FromMinutes(1) ? $"{settings.JobTimeout.TotalSeconds:0} s" : $"{settings.JobTimeout.TotalMinutes:0.#} min";
            await jobs.FinishAsync(job.Id, _worker, JobStatus.Failed, null,
                $"The job ran longer than its time limit ({limit}) and was stopped. Ask for less (a narrower definition, fewer documents) and try again.");
        }
        catch (Exception failure) when (IsTransient(failure))
        {
            // The database went away under the job (a restart, a failover): nothing is wrong with the job. Queue it
            // again; if even that cannot be written, its heartbeat stops and a worker takes it over once stale.
            logger.LogWarning(failure, "Job {JobId} interrupted by the database; queued again", job.Id);
            try
            {
                await jobs.RequeueAsync(job.Id, _worker);
            }
            catch (Exception requeue) when (IsTransient(requeue))
            {
                logger.LogWarning("Job {JobId} will be taken over once stale: {Failure}", job.Id, requeue.Message);
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Logged in full for the platform's team; the owner gets a sentence, never a database error.
            logger.LogWarning(failure, "Job {JobId} failed", job.Id);
            await jobs.FinishAsync(job.Id, _worker, JobStatus.Failed, null, handler.Explain(failure)
                ?? $"The job failed on the server. Nothing was kept; try again, and if it fails again give the platform's team the job number {job.Id}.");
        }
        finally
        {
            heartbeat.Dispose();
            await beating;
        }
    }
}
