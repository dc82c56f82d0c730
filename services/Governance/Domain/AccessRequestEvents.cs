using EdsPlatform.DataAccess;

namespace EdsPlatform.Governance.Domain;

/// <summary>What happened to an access request. The stream of these is the request; its state is derived (CSCfi REMS).</summary>
public abstract record AccessRequestEvent(DateTimeOffset At, string Actor);

public sealed record RequestDrafted(DateTimeOffset At, string Actor, string ProjectId, ProjectDetails Details) : AccessRequestEvent(At, Actor);

/// <summary>The team edited its project while it was a draft or returned for changes.</summary>
public sealed record RequestAmended(DateTimeOffset At, string Actor, ProjectDetails Details) : AccessRequestEvent(At, Actor);

public sealed record RequestSubmitted(DateTimeOffset At, string Actor) : AccessRequestEvent(At, Actor);

public sealed record ReviewStarted(DateTimeOffset At, string Actor) : AccessRequestEvent(At, Actor);

public sealed record ReturnedForChanges(DateTimeOffset At, string Actor, string Comment) : AccessRequestEvent(At, Actor);

public sealed record VoteCast(DateTimeOffset At, string Actor, Vote Vote, string Comment) : AccessRequestEvent(At, Actor);

public sealed record RequestApproved(DateTimeOffset At, string Actor, Grant Grant) : AccessRequestEvent(At, Actor);

public sealed record RequestRejected(DateTimeOffset At, string Actor, string Reason) : AccessRequestEvent(At, Actor);

public sealed record GrantRevoked(DateTimeOffset At, string Actor, string Reason) : AccessRequestEvent(At, Actor);

/// <summary>A steward brought a grant's end forward (a study that closed early, a condition not met).</summary>
public sealed record GrantShortened(DateTimeOffset At, string Actor, DateTimeOffset End, string Reason) : AccessRequestEvent(At, Actor);

public sealed record GrantExpired(DateTimeOffset At, string Actor) : AccessRequestEvent(At, Actor);

public sealed record RequestClosed(DateTimeOffset At, string Actor) : AccessRequestEvent(At, Actor);

/// <summary>When votes decide: a quorum of approvals approves; optionally a single rejection rejects.</summary>
public sealed record DecisionRule(int ApprovalsRequired, bool AnyRejectBlocks)
{
    public static DecisionRule Default { get; } = new(ApprovalsRequired: 2, AnyRejectBlocks: true);
}

/// <summary>
/// A command the rules do not allow; the message says why, for a 4xx answer. <paramref name="Forbidden"/> when
/// it is the person, not the request's state, that is refused (a team member reviewing their own project).
/// </summary>
public sealed class GovernanceRuleException(string message, bool forbidden = false) : InvalidOperationException(message)
{
    public bool Forbidden { get; } = forbidden;
}
