namespace EdsPlatform.Governance.Contracts;

/// <summary>Where an access request stands (CSCfi REMS's application states).</summary>
public enum ProjectState { Draft, Submitted, UnderReview, ReturnedForChanges, Approved, Rejected, Revoked, Expired, Closed }

public enum Vote { Approve, Reject, Abstain }

/// <summary>
/// What a project asks for, as its team writes it: purpose, people, legal basis (a reference methodology such
/// as MR-004, or an authorisation reference), the OMOP tables it needs and for which period, for how long.
/// People are named by e-mail address, as the identity provider puts them in tokens.
/// </summary>
public sealed record ProjectDetails(
    string Title,
    string Purpose,
    string PrincipalInvestigator,
    IReadOnlyList<string> Members,
    string LegalBasis,
    IReadOnlyList<string> Datasets,
    DateOnly? DataFrom,
    DateOnly? DataTo,
    string? CohortDefinition,
    int DurationDays)
{
    public const int MaxDurationDays = 5 * 365;
}

/// <summary>
/// Access granted by an approval: who may see which datasets of which project, and when. The conditions
/// are those the approving members attached to their votes.
/// </summary>
public sealed record Grant(string ProjectId, IReadOnlyList<string> Users, IReadOnlyList<string> Datasets, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<string> Conditions);

public sealed record ProjectSummary(string ProjectId, string Title, ProjectState State, string Requester, IReadOnlyList<string> Team,
    IReadOnlyList<string> Datasets, DateTimeOffset? GrantEnd, DateTimeOffset UpdatedAt);

public sealed record VoteView(string Member, Vote Vote, string Comment, DateTimeOffset At);

/// <summary>One event of the request's history: <paramref name="Event"/> is the event's name (VoteCast, RequestApproved …).</summary>
public sealed record HistoryItem(DateTimeOffset At, string Actor, string Event, string? Comment);

public sealed record ProjectView(
    string Id, ProjectDetails Details, ProjectState State, string Requester, DateTimeOffset CreatedAt, int Version,
    IReadOnlyList<string> Team, IReadOnlyList<VoteView> Votes, Grant? Grant, IReadOnlyList<HistoryItem> History);

/// <summary>A line of the review queue, with whether the reader has voted in the current round.</summary>
public sealed record ReviewItem(string ProjectId, string Title, ProjectState State, string Requester, DateTimeOffset UpdatedAt, bool VotedByMe);

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

public sealed record AuditEntry(long Seq, AuditRecord Record);

public sealed record AuditVerification(bool Valid, long Entries, long? FirstBrokenSeq, string? Problem);
