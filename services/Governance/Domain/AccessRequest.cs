namespace EdsPlatform.Governance.Domain;

/// <summary>
/// An access request, rebuilt from its events. Each command checks the transition and returns the
/// events it produces (append them to the stream; apply them to move on), or throws
/// <see cref="GovernanceRuleException"/>: nothing is ever changed in place.
/// </summary>
public sealed class AccessRequest
{
    private readonly Dictionary<string, Vote> _votes = new(StringComparer.Ordinal);

    private AccessRequest(RequestDrafted drafted)
    {
        ProjectId = drafted.ProjectId;
        Requester = drafted.Actor;
        ProjectMembers = drafted.ProjectMembers;
        Datasets = drafted.Datasets;
        RequestedDuration = drafted.RequestedDuration;
    }

    public string ProjectId { get; }

    public string Requester { get; }

    public IReadOnlySet<string> ProjectMembers { get; }

    public IReadOnlySet<string> Datasets { get; }

    public TimeSpan RequestedDuration { get; }

    public RequestState State { get; private set; } = RequestState.Draft;

    public Grant? Grant { get; private set; }

    public IReadOnlyDictionary<string, Vote> Votes => _votes;

    public static AccessRequest Replay(IEnumerable<AccessRequestEvent> events)
    {
        using var stream = events.GetEnumerator();
        if (!stream.MoveNext() || stream.Current is not RequestDrafted drafted)
        {
            throw new InvalidOperationException("An access request's stream starts with RequestDrafted.");
        }
        var request = new AccessRequest(drafted);
        while (stream.MoveNext())
        {
            request.Apply(stream.Current);
        }
        return request;
    }

    public static RequestDrafted Draft(DateTimeOffset at, string requester, string projectId, IEnumerable<string> members, IEnumerable<string> datasets, TimeSpan duration)
    {
        var datasetSet = datasets.ToHashSet(StringComparer.Ordinal);
        if (datasetSet.Count == 0)
        {
            throw new GovernanceRuleException("A request names at least one dataset.");
        }
        if (duration <= TimeSpan.Zero)
        {
            throw new GovernanceRuleException("The requested duration must be positive.");
        }
        return new RequestDrafted(at, requester, projectId, members.Append(requester).ToHashSet(StringComparer.Ordinal), datasetSet, duration);
    }

    public RequestSubmitted Submit(DateTimeOffset at, string actor)
    {
        Require(State is RequestState.Draft or RequestState.ReturnedForChanges, "Only a draft or a request returned for changes can be submitted.");
        Require(ProjectMembers.Contains(actor), "Only the project's team can submit its request.");
        return new RequestSubmitted(at, actor);
    }

    public ReviewStarted StartReview(DateTimeOffset at, string committeeMember)
    {
        Require(State == RequestState.Submitted, "Only a submitted request can be taken into review.");
        RequireIndependent(committeeMember);
        return new ReviewStarted(at, committeeMember);
    }

    public ReturnedForChanges ReturnForChanges(DateTimeOffset at, string committeeMember, string comment)
    {
        Require(State == RequestState.UnderReview, "Only a request under review can be returned for changes.");
        RequireIndependent(committeeMember);
        Require(!string.IsNullOrWhiteSpace(comment), "Say what must change.");
        return new ReturnedForChanges(at, committeeMember, comment);
    }

    /// <summary>A committee member's vote, and the decision when it completes the rule.</summary>
    public IReadOnlyList<AccessRequestEvent> CastVote(DateTimeOffset at, string committeeMember, Vote vote, string comment, DecisionRule rule)
    {
        Require(State == RequestState.UnderReview, "Votes are cast on a request under review.");
        RequireIndependent(committeeMember);
        Require(!_votes.ContainsKey(committeeMember), "Each committee member votes once.");

        var cast = new VoteCast(at, committeeMember, vote, comment);
        var votes = new Dictionary<string, Vote>(_votes) { [committeeMember] = vote };
        if (rule.AnyRejectBlocks && vote == Vote.Reject)
        {
            return [cast, new RequestRejected(at, committeeMember, "Rejected by a committee member: " + comment)];
        }
        if (votes.Values.Count(v => v == Vote.Approve) >= rule.ApprovalsRequired)
        {
            return [cast, new RequestApproved(at, committeeMember, new Grant(ProjectId, ProjectMembers, Datasets, at, at + RequestedDuration))];
        }
        return [cast];
    }

    public GrantRevoked Revoke(DateTimeOffset at, string steward, string reason)
    {
        Require(State == RequestState.Approved, "Only an active grant can be revoked.");
        Require(!string.IsNullOrWhiteSpace(reason), "A revocation gives its reason.");
        return new GrantRevoked(at, steward, reason);
    }

    /// <summary>The expiry event, once the grant's end has passed; null before.</summary>
    public GrantExpired? ExpireIfDue(DateTimeOffset now) =>
        State == RequestState.Approved && Grant!.End <= now ? new GrantExpired(now, "system") : null;

    public RequestClosed Close(DateTimeOffset at, string actor)
    {
        Require(State is RequestState.Draft or RequestState.Submitted or RequestState.ReturnedForChanges or RequestState.UnderReview,
            "A decided request cannot be closed; an active grant is revoked instead.");
        Require(ProjectMembers.Contains(actor), "Only the project's team can close its request.");
        return new RequestClosed(at, actor);
    }

    /// <summary>Whether the grant lets <paramref name="user"/> see <paramref name="dataset"/> at <paramref name="now"/>.</summary>
    public bool Allows(string user, string dataset, DateTimeOffset now) =>
        State == RequestState.Approved && Grant is { } grant && grant.Users.Contains(user) && grant.Datasets.Contains(dataset)
        && grant.Start <= now && now < grant.End;

    public void Apply(AccessRequestEvent @event)
    {
        switch (@event)
        {
            case RequestSubmitted:
                State = RequestState.Submitted;
                _votes.Clear();
                break;
            case ReviewStarted:
                State = RequestState.UnderReview;
                break;
            case ReturnedForChanges:
                State = RequestState.ReturnedForChanges;
                break;
            case VoteCast vote:
                _votes[vote.Actor] = vote.Vote;
                break;
            case RequestApproved approved:
                State = RequestState.Approved;
                Grant = approved.Grant;
                break;
            case RequestRejected:
                State = RequestState.Rejected;
                break;
            case GrantRevoked:
                State = RequestState.Revoked;
                break;
            case GrantExpired:
                State = RequestState.Expired;
                break;
            case RequestClosed:
                State = RequestState.Closed;
                break;
            default:
                throw new InvalidOperationException($"Unknown event {@event.GetType().Name}.");
        }
    }

    private void RequireIndependent(string committeeMember) =>
        Require(!ProjectMembers.Contains(committeeMember), "A member of the project never reviews its own request.");

    private static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw new GovernanceRuleException(reason);
        }
    }
}
