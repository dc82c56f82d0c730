namespace EdsPlatform.Governance.Domain;

/// <summary>What happened to an access request. The stream of these is the request; its state is derived (CSCfi REMS).</summary>
public abstract record AccessRequestEvent(DateTimeOffset At, string Actor);

public sealed record RequestDrafted(DateTimeOffset At, string Actor, string ProjectId, IReadOnlySet<string> ProjectMembers, IReadOnlySet<string> Datasets, TimeSpan RequestedDuration)
    : AccessRequestEvent(At, Actor);

public sealed record RequestSubmitted(DateTimeOffset At, string Actor) : AccessRequestEvent(At, Actor);

public sealed record ReviewStarted(DateTimeOffset At, string Actor) : AccessRequestEvent(At, Actor);

public sealed record ReturnedForChanges(DateTimeOffset At, string Actor, string Comment) : AccessRequestEvent(At, Actor);

public sealed record VoteCast(DateTimeOffset At, string Actor, Vote Vote, string Comment) : AccessRequestEvent(At, Actor);

public sealed record RequestApproved(DateTimeOffset At, string Actor, Grant Grant) : AccessRequestEvent(At, Actor);

public sealed record RequestRejected(DateTimeOffset At, string Actor, string Reason) : AccessRequestEvent(At, Actor);

public sealed record GrantRevoked(DateTimeOffset At, string Actor, string Reason) : AccessRequestEvent(At, Actor);

public sealed record GrantExpired(DateTimeOffset At, string Actor) : AccessRequestEvent(At, Actor);

public sealed record RequestClosed(DateTimeOffset At, string Actor) : AccessRequestEvent(At, Actor);

public enum Vote { Approve, Reject, Abstain }

public enum RequestState { Draft, Submitted, UnderReview, ReturnedForChanges, Approved, Rejected, Revoked, Expired, Closed }

/// <summary>Access granted by an approval: who may see which datasets of which project, and when.</summary>
public sealed record Grant(string ProjectId, IReadOnlySet<string> Users, IReadOnlySet<string> Datasets, DateTimeOffset Start, DateTimeOffset End);

/// <summary>When votes decide: a quorum of approvals approves; optionally a single rejection rejects.</summary>
public sealed record DecisionRule(int ApprovalsRequired, bool AnyRejectBlocks)
{
    public static DecisionRule Default { get; } = new(ApprovalsRequired: 2, AnyRejectBlocks: true);
}

/// <summary>A command the request's current state does not allow; the message says why, for a 4xx answer.</summary>
public sealed class GovernanceRuleException(string message) : InvalidOperationException(message);
