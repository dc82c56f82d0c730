using EdsPlatform.Governance.Domain;

namespace EdsPlatform.Governance.Tests;

public class AccessRequestTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly DecisionRule TwoApprovals = new(ApprovalsRequired: 2, AnyRejectBlocks: true);

    private readonly List<AccessRequestEvent> _stream = [AccessRequest.Draft(Monday, "claire", "p-covid", ["paul"], ["condition_occurrence", "drug_exposure"], TimeSpan.FromDays(365))];

    private AccessRequest Request => AccessRequest.Replay(_stream);

    private void Append(params IEnumerable<AccessRequestEvent> events) => _stream.AddRange(events);

    private void UnderReview()
    {
        Append(Request.Submit(Monday, "claire"));
        Append(Request.StartReview(Monday, "durand"));
    }

    [Fact]
    public void The_whole_workflow_from_draft_to_grant_to_revocation()
    {
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Approve, "OK", TwoApprovals));
        Assert.Equal(RequestState.UnderReview, Request.State);
        Append(Request.CastVote(Monday.AddHours(1), "leroy", Vote.Approve, "OK", TwoApprovals));

        Assert.Equal(RequestState.Approved, Request.State);
        var grant = Request.Grant!;
        Assert.Equal(new HashSet<string> { "claire", "paul" }, grant.Users);
        Assert.Equal(Monday.AddHours(1).AddDays(365), grant.End);
        Assert.True(Request.Allows("paul", "drug_exposure", Monday.AddDays(2)));
        Assert.False(Request.Allows("paul", "measurement", Monday.AddDays(2)));
        Assert.False(Request.Allows("mallory", "drug_exposure", Monday.AddDays(2)));

        Append(Request.Revoke(Monday.AddDays(3), "petit", "Protocol breach"));
        Assert.Equal(RequestState.Revoked, Request.State);
        Assert.False(Request.Allows("paul", "drug_exposure", Monday.AddDays(3)));
    }

    [Fact]
    public void A_draft_cannot_be_voted_on_or_reviewed()
    {
        Assert.Throws<GovernanceRuleException>(() => Request.CastVote(Monday, "durand", Vote.Approve, "", TwoApprovals));
        Assert.Throws<GovernanceRuleException>(() => Request.StartReview(Monday, "durand"));
    }

    [Fact]
    public void A_member_votes_once()
    {
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Approve, "", TwoApprovals));
        var error = Assert.Throws<GovernanceRuleException>(() => Request.CastVote(Monday, "durand", Vote.Approve, "", TwoApprovals));
        Assert.Contains("once", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claire")]
    [InlineData("paul")]
    public void The_project_team_never_reviews_its_own_request(string teamMember)
    {
        Append(Request.Submit(Monday, "claire"));
        Assert.Throws<GovernanceRuleException>(() => Request.StartReview(Monday, teamMember));
        Append(Request.StartReview(Monday, "durand"));
        Assert.Throws<GovernanceRuleException>(() => Request.CastVote(Monday, teamMember, Vote.Approve, "", TwoApprovals));
    }

    [Fact]
    public void One_rejection_blocks_when_the_rule_says_so_and_abstentions_count_for_nothing()
    {
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Abstain, "", TwoApprovals));
        Append(Request.CastVote(Monday, "leroy", Vote.Approve, "", TwoApprovals));
        Assert.Equal(RequestState.UnderReview, Request.State);
        Append(Request.CastVote(Monday, "moreau", Vote.Reject, "No legal basis", TwoApprovals));
        Assert.Equal(RequestState.Rejected, Request.State);
        Assert.Null(Request.Grant);
    }

    [Fact]
    public void Without_blocking_rejections_the_quorum_of_approvals_decides()
    {
        var rule = new DecisionRule(ApprovalsRequired: 2, AnyRejectBlocks: false);
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Reject, "", rule));
        Append(Request.CastVote(Monday, "leroy", Vote.Approve, "", rule));
        Append(Request.CastVote(Monday, "moreau", Vote.Approve, "", rule));
        Assert.Equal(RequestState.Approved, Request.State);
    }

    [Fact]
    public void A_request_returned_for_changes_is_resubmitted_and_voted_on_afresh()
    {
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Approve, "", TwoApprovals));
        Append(Request.ReturnForChanges(Monday, "leroy", "Narrow the datasets"));
        Assert.Equal(RequestState.ReturnedForChanges, Request.State);
        Assert.Throws<GovernanceRuleException>(() => Request.CastVote(Monday, "moreau", Vote.Approve, "", TwoApprovals));

        Append(Request.Submit(Monday.AddDays(1), "paul"));
        Append(Request.StartReview(Monday.AddDays(1), "durand"));
        Assert.Empty(Request.Votes);
        Append(Request.CastVote(Monday.AddDays(1), "durand", Vote.Approve, "", TwoApprovals));
        Assert.Equal(RequestState.UnderReview, Request.State);
    }

    [Fact]
    public void A_grant_expires_at_its_end()
    {
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Approve, "", TwoApprovals));
        Append(Request.CastVote(Monday, "leroy", Vote.Approve, "", TwoApprovals));
        var end = Request.Grant!.End;

        Assert.Null(Request.ExpireIfDue(end.AddSeconds(-1)));
        Assert.True(Request.Allows("claire", "drug_exposure", end.AddSeconds(-1)));
        Assert.False(Request.Allows("claire", "drug_exposure", end));
        Append(Request.ExpireIfDue(end)!);
        Assert.Equal(RequestState.Expired, Request.State);
    }

    [Fact]
    public void Decided_requests_are_not_closed_and_outsiders_do_not_submit()
    {
        Assert.Throws<GovernanceRuleException>(() => Request.Submit(Monday, "mallory"));
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Reject, "", TwoApprovals));
        Assert.Throws<GovernanceRuleException>(() => Request.Close(Monday, "claire"));
        Assert.Throws<GovernanceRuleException>(() => Request.Revoke(Monday, "petit", "reason"));
    }

    [Fact]
    public void A_request_needs_datasets_and_a_duration() =>
        Assert.Throws<GovernanceRuleException>(() => AccessRequest.Draft(Monday, "claire", "p", [], [], TimeSpan.FromDays(1)));
}
