using EdsPlatform.DataAccess;
using EdsPlatform.Governance.Domain;
using EdsPlatform.Governance.Infrastructure;

namespace EdsPlatform.Governance.Application;

/// <summary>
/// Runs a command against an access request: load the stream, let the domain decide, append with the
/// version it was decided on, retry from a fresh read when another command got in first. Each outcome is
/// audited (with the decision, in its transaction; a refusal on its own), then announced to the doors.
/// </summary>
public sealed class RequestCommands(RequestStore store, GrantPublisher publisher, AuditWriter auditWriter, TimeProvider time)
{
    private const int MaxAttempts = 20;

    public async Task<AccessRequest> CreateAsync(string actor, ProjectDetails details, string? correlationId, CancellationToken cancellationToken)
    {
        var projectId = Guid.CreateVersion7();
        var drafted = AccessRequest.Draft(time.GetUtcNow(), actor, projectId.ToString(), details);
        var request = await store.AppendAsync(projectId, 0, [], [drafted],
            [Audit(actor, "create-project", projectId, AuditOutcome.Done, nameof(RequestDrafted), correlationId)], cancellationToken);
        await publisher.PublishAsync(request.ToSnapshot());
        return request;
    }

    /// <summary>
    /// Null when the project does not exist or <paramref name="maySee"/> says the actor may not know of it (audited as
    /// denied, and answered like a missing project so that ids cannot be probed); throws
    /// <see cref="GovernanceRuleException"/> when the rules refuse.
    /// </summary>
    public async Task<AccessRequest?> ExecuteAsync(Guid projectId, string actor, string action,
        Func<AccessRequest, DateTimeOffset, IReadOnlyList<AccessRequestEvent>> decide, string? correlationId, CancellationToken cancellationToken,
        Func<AccessRequest, bool>? maySee = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.LoadAsync(projectId, cancellationToken) is not { } loaded)
            {
                return null;
            }
            if (maySee is not null && !maySee(loaded.Request))
            {
                await auditWriter.WriteAsync([Audit(actor, action, projectId, AuditOutcome.Denied, "not a member of the project", correlationId)], cancellationToken);
                return null;
            }
            var (request, history) = loaded;
            var version = request.Version; // decide may apply events to its copy (review started, then a vote)
            IReadOnlyList<AccessRequestEvent> events;
            try
            {
                events = decide(request, time.GetUtcNow());
            }
            catch (GovernanceRuleException refused)
            {
                await auditWriter.WriteAsync([Audit(actor, action, projectId, AuditOutcome.Denied, refused.Message, correlationId)], cancellationToken);
                throw;
            }
            if (events.Count == 0)
            {
                return request;
            }
            try
            {
                var updated = await store.AppendAsync(projectId, version, history, events,
                    [Audit(actor, action, projectId, AuditOutcome.Done, string.Join(", ", events.Select(e => e.GetType().Name)), correlationId)], cancellationToken);
                await publisher.PublishAsync(updated.ToSnapshot());
                return updated;
            }
            catch (StreamConflictException) when (attempt < MaxAttempts)
            {
                // Decide again on what the other command left.
            }
        }
    }

    private AuditRecord Audit(string actor, string action, Guid projectId, AuditOutcome outcome, string reason, string? correlationId) =>
        new(Guid.NewGuid(), time.GetUtcNow(), actor, action, projectId.ToString(), $"project/{projectId}", outcome, reason, "governance", correlationId);
}
