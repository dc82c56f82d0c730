namespace EdsPlatform.DataAccess;

/// <summary>
/// One line of the audit log: who did what, to which resource, in which project, with which outcome.
/// <paramref name="Id"/> is chosen by the writer, so that a retried write is recorded once.
/// </summary>
public sealed record AuditRecord(
    Guid Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? ProjectId,
    string Resource,
    AuditOutcome Outcome,
    string? Reason,
    string Source,
    string? CorrelationId);

public enum AuditOutcome { Allowed, Denied, Done }
