using EdsPlatform.DataAccess;

namespace EdsPlatform.Governance.Domain;

/// <summary>
/// A project's access request, rebuilt from its events. Each command checks the transition and returns the
/// events it produces (append them to the stream; apply them to move on), or throws
/// <see cref="GovernanceRuleException"/>: nothing is ever changed in place.
/// </summary>
public sealed class AccessRequest
{
    private readonly Dictionary<string, VoteCast> _votes = new(StringComparer.Ordinal);

    private AccessRequest(RequestDrafted drafted)
    {
        ProjectId = drafted.ProjectId;
        Requester = drafted.Actor;
        CreatedAt = drafted.At;
        Details = drafted.Details;
    }

    public string ProjectId { get; }

    public string Requester { get; }

    public DateTimeOffset CreatedAt { get; }

    public ProjectDetails Details { get; private set; }

    /// <summary>The requester, the principal investigator and the members: the people a grant covers, who never review it.</summary>
    public IReadOnlySet<string> Team => Details.Members.Append(Details.PrincipalInvestigator).Append(Requester).ToHashSet(StringComparer.Ordinal);

    public ProjectState State { get; private set; } = ProjectState.Draft;

    public Grant? Grant { get; private set; }

    /// <summary>The votes of the current review round (a resubmission starts a new round).</summary>
    public IReadOnlyCollection<VoteCast> Votes => _votes.Values;

    /// <summary>The number of events applied: the stream version the next event must follow.</summary>
    public int Version { get; private set; }

    public static AccessRequest Replay(IEnumerable<AccessRequestEvent> events)
    {
        using var stream = events.GetEnumerator();
        if (!stream.MoveNext() || stream.Current is not RequestDrafted drafted)
        {
            throw new InvalidOperationException("An access request's stream starts with RequestDrafted.");
        }
        var request = new AccessRequest(drafted) { Version = 1 };
        while (stream.MoveNext())
        {
            request.Apply(stream.Current);
        }
        return request;
    }

    /// <summary>Details must be normalized and validated by the caller (they need the warehouse's dataset list).</summary>
    public static RequestDrafted Draft(DateTimeOffset at, string requester, string projectId, ProjectDetails details) =>
        new(at, requester, projectId, details);

    public RequestAmended Amend(DateTimeOffset at, string actor, ProjectDetails details)
    {
        Require(State is ProjectState.Draft or ProjectState.ReturnedForChanges, "Only a draft or a request returned for changes can be edited.");
        RequireTeam(actor, "edit");
        return new RequestAmended(at, actor, details);
    }

    public RequestSubmitted Submit(DateTimeOffset at, string actor)
    {
        Require(State is ProjectState.Draft or ProjectState.ReturnedForChanges, "Only a draft or a request returned for changes can be submitted.");
        RequireTeam(actor, "submit");
        return new RequestSubmitted(at, actor);
    }

    public ReviewStarted StartReview(DateTimeOffset at, string committeeMember)
    {
        Require(State == ProjectState.Submitted, "Only a submitted request can be taken into review.");
        RequireIndependent(committeeMember);
        return new ReviewStarted(at, committeeMember);
    }

    /// <summary>
    /// The committee's first action on a submitted request takes it into review: the event, already applied to this
    /// copy so that the action can follow; nothing when the request is already under review.
    /// </summary>
    public List<AccessRequestEvent> StartReviewIfSubmitted(DateTimeOffset at, string committeeMember)
    {
        if (State != ProjectState.Submitted)
        {
            return [];
        }
        var started = StartReview(at, committeeMember);
        Apply(started);
        return [started];
    }

    public ReturnedForChanges ReturnForChanges(DateTimeOffset at, string committeeMember, string comment)
    {
        Require(State == ProjectState.UnderReview, "Only a request under review can be returned for changes.");
        RequireIndependent(committeeMember);
        Require(!string.IsNullOrWhiteSpace(comment), "Say what must change.");
        return new ReturnedForChanges(at, committeeMember, comment);
    }

    /// <summary>A committee member's vote, and the decision when it completes the rule.</summary>
    public IReadOnlyList<AccessRequestEvent> CastVote(DateTimeOffset at, string committeeMember, Vote vote, string comment, DecisionRule rule)
    {
        Require(State == ProjectState.UnderReview, "Votes are cast on a request under review.");
        RequireIndependent(committeeMember);
        Require(!_votes.ContainsKey(committeeMember), "Each committee member votes once.");
        Require(vote != Vote.Reject || !string.IsNullOrWhiteSpace(comment), "A rejection gives its reason.");

        var cast = new VoteCast(at, committeeMember, vote, comment.Trim());
        var votes = _votes.Values.Append(cast).ToList();
        if (rule.AnyRejectBlocks && vote == Vote.Reject)
        {
            return [cast, new RequestRejected(at, committeeMember, "Rejected by a committee member: " + cast.Comment)];
        }
        var approvals = votes.Where(v => v.Vote == Vote.Approve).ToList();
        if (approvals.Count >= rule.ApprovalsRequired)
        {
            var conditions = approvals.Select(v => v.Comment).Where(c => c.Length > 0).ToList();
            var grant = new Grant(ProjectId, [.. Team.Order(StringComparer.Ordinal)], Details.Datasets, at, at.AddDays(Details.DurationDays), conditions);
            return [cast, new RequestApproved(at, committeeMember, grant)];
        }
        return [cast];
    }

    public GrantRevoked Revoke(DateTimeOffset at, string steward, string reason)
    {
        Require(State == ProjectState.Approved, "Only an active grant can be revoked.");
        Require(!string.IsNullOrWhiteSpace(reason), "A revocation gives its reason.");
        return new GrantRevoked(at, steward, reason.Trim());
    }

    public GrantShortened Shorten(DateTimeOffset at, string steward, DateTimeOffset end, string reason)
    {
        Require(State == ProjectState.Approved, "Only an active grant can be shortened.");
        Require(end > at && end < Grant!.End, "The new end is in the future and before the current end.");
        Require(!string.IsNullOrWhiteSpace(reason), "Give the reason for shortening the grant.");
        return new GrantShortened(at, steward, end, reason.Trim());
    }

    /// <summary>The expiry event, once the grant's end has passed; null before.</summary>
    public GrantExpired? ExpireIfDue(DateTimeOffset now) =>
        State == ProjectState.Approved && Grant!.End <= now ? new GrantExpired(now, "system") : null;

    public RequestClosed Close(DateTimeOffset at, string actor)
    {
        Require(State is ProjectState.Draft or ProjectState.Submitted or ProjectState.ReturnedForChanges or ProjectState.UnderReview,
            "A decided request cannot be closed; an active grant is revoked instead.");
        RequireTeam(actor, "close");
        return new RequestClosed(at, actor);
    }

    /// <summary>What the doors need to decide on their own.</summary>
    public GrantSnapshot ToSnapshot() => new(ProjectId, true, State, Grant?.Users ?? [], Grant?.Datasets ?? [], Grant?.Start, Grant?.End, Version);

    public void Apply(AccessRequestEvent @event)
    {
        switch (@event)
        {
            case RequestAmended amended:
                Details = amended.Details;
                break;
            case RequestSubmitted:
                State = ProjectState.Submitted;
                _votes.Clear();
                break;
            case ReviewStarted:
                State = ProjectState.UnderReview;
                break;
            case ReturnedForChanges:
                State = ProjectState.ReturnedForChanges;
                break;
            case VoteCast vote:
                _votes[vote.Actor] = vote;
                break;
            case RequestApproved approved:
                State = ProjectState.Approved;
                Grant = approved.Grant;
                break;
            case RequestRejected:
                State = ProjectState.Rejected;
                break;
            case GrantRevoked:
                State = ProjectState.Revoked;
                break;
            case GrantShortened shortened:
                Grant = Grant! with { End = shortened.End };
                break;
            case GrantExpired:
                State = ProjectState.Expired;
                break;
            case RequestClosed:
                State = ProjectState.Closed;
                break;
            default:
                throw new InvalidOperationException($"Unknown event {@event.GetType().Name}.");
        }
        Version++;
    }

    private void RequireTeam(string actor, string action)
    {
        if (!Team.Contains(actor))
        {
            throw new GovernanceRuleException($"Only the project's team can {action} its request.", forbidden: true);
        }
    }

    private void RequireIndependent(string committeeMember)
    {
        if (Team.Contains(committeeMember))
        {
            throw new GovernanceRuleException("A member of the project never reviews its own request.", forbidden: true);
        }
    }

    private static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw new GovernanceRuleException(reason);
        }
    }
}
