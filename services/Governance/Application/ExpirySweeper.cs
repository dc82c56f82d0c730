using EdsPlatform.Governance.Domain;
using EdsPlatform.Governance.Infrastructure;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Governance.Application;

/// <summary>
/// Marks grants past their end as expired, so that the state, the lists and the audit log say so, and the
/// doors are told. (Doors already refuse at the end date on their own: this is not what enforces it.)
/// </summary>
public sealed class ExpirySweeper(RequestStore store, RequestCommands commands, TimeProvider time, IOptions<GovernanceOptions> options,
    ILogger<ExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var projectId in await store.DueForExpiryAsync(time.GetUtcNow(), stoppingToken))
                {
                    await commands.ExecuteAsync(projectId, "system", "expire",
                        (request, now) => request.ExpireIfDue(now) is { } expired ? [expired] : [], null, stoppingToken);
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "Expiry sweep failed; retrying at the next tick");
            }
        }
    }
}
