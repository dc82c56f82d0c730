using EdsPlatform.DataAccess;
using EdsPlatform.Governance.Domain;

namespace EdsPlatform.Governance.Tests;

public class AccessRequestTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly DecisionRule TwoApprovals = new(ApprovalsRequired: 2, AnyRejectBlocks: true);

    internal static readonly ProjectDetails Covid = new("COVID-19 under immunosuppressants", "Incidence and severity.", "claire", ["paul"], "MR-004",
        ["condition_occurrence", "drug_exposure"], new DateOnly(2021, 1, 1), null, null, DurationDays: 365);

    private readonly List<AccessRequestEvent> _stream = [AccessRequest.Draft(Monday, "claire", "p-covid", Covid)];

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
        Assert.Equal(ProjectState.UnderReview, Request.State);
        Append(Request.CastVote(Monday.AddHours(1), "leroy", Vote.Approve, "OK", TwoApprovals));

        Assert.Equal(ProjectState.Approved, Request.State);
        var grant = Request.Grant!;
        Assert.Equal(["claire", "paul"], grant.Users);
        Assert.Equal(Monday.AddHours(1).AddDays(365), grant.End);
        Assert.True(Allows("paul", "drug_exposure", Monday.AddDays(2)));
        Assert.False(Allows("paul", "measurement", Monday.AddDays(2)));
        Assert.False(Allows("mallory", "drug_exposure", Monday.AddDays(2)));

        Append(Request.Revoke(Monday.AddDays(3), "petit", "Protocol breach"));
        Assert.Equal(ProjectState.Revoked, Request.State);
        Assert.False(Allows("paul", "drug_exposure", Monday.AddDays(3)));
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
        Assert.Equal(ProjectState.UnderReview, Request.State);
        Append(Request.CastVote(Monday, "moreau", Vote.Reject, "No legal basis", TwoApprovals));
        Assert.Equal(ProjectState.Rejected, Request.State);
        Assert.Null(Request.Grant);
    }

    [Fact]
    public void Without_blocking_rejections_the_quorum_of_approvals_decides()
    {
        var rule = new DecisionRule(ApprovalsRequired: 2, AnyRejectBlocks: false);
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Reject, "No legal basis", rule));
        Append(Request.CastVote(Monday, "leroy", Vote.Approve, "", rule));
        Append(Request.CastVote(Monday, "moreau", Vote.Approve, "", rule));
        Assert.Equal(ProjectState.Approved, Request.State);
    }

    [Fact]
    public void A_request_returned_for_changes_is_resubmitted_and_voted_on_afresh()
    {
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Approve, "", TwoApprovals));
        Append(Request.ReturnForChanges(Monday, "leroy", "Narrow the datasets"));
        Assert.Equal(ProjectState.ReturnedForChanges, Request.State);
        Assert.Throws<GovernanceRuleException>(() => Request.CastVote(Monday, "moreau", Vote.Approve, "", TwoApprovals));

        Append(Request.Submit(Monday.AddDays(1), "paul"));
        Append(Request.StartReview(Monday.AddDays(1), "durand"));
        Assert.Empty(Request.Votes);
        Append(Request.CastVote(Monday.AddDays(1), "durand", Vote.Approve, "", TwoApprovals));
        Assert.Equal(ProjectState.UnderReview, Request.State);
    }

    [Fact]
    public void A_grant_expires_at_its_end()
    {
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Approve, "", TwoApprovals));
        Append(Request.CastVote(Monday, "leroy", Vote.Approve, "", TwoApprovals));
        var end = Request.Grant!.End;

        Assert.Null(Request.ExpireIfDue(end.AddSeconds(-1)));
        Assert.True(Allows("claire", "drug_exposure", end.AddSeconds(-1)));
        Assert.False(Allows("claire", "drug_exposure", end));
        Append(Request.ExpireIfDue(end)!);
        Assert.Equal(ProjectState.Expired, Request.State);
    }

    [Fact]
    public void Decided_requests_are_not_closed_and_outsiders_do_not_submit()
    {
        Assert.Throws<GovernanceRuleException>(() => Request.Submit(Monday, "mallory"));
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Reject, "No legal basis", TwoApprovals));
        Assert.Throws<GovernanceRuleException>(() => Request.Close(Monday, "claire"));
        Assert.Throws<GovernanceRuleException>(() => Request.Revoke(Monday, "petit", "reason"));
    }

    [Fact]
    public void Editing_is_for_the_team_and_only_before_review()
    {
        var narrower = Covid with { Datasets = ["drug_exposure"] };
        Assert.True(Assert.Throws<GovernanceRuleException>(() => Request.Amend(Monday, "mallory", narrower)).Forbidden);
        Append(Request.Amend(Monday, "paul", narrower));
        Assert.Equal(["drug_exposure"], Request.Details.Datasets);
        Append(Request.Submit(Monday, "claire"));
        Assert.False(Assert.Throws<GovernanceRuleException>(() => Request.Amend(Monday, "claire", Covid)).Forbidden);
    }

    [Fact]
    public void Approving_members_conditions_go_into_the_grant()
    {
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Approve, "No export of free text", TwoApprovals));
        Append(Request.CastVote(Monday, "leroy", Vote.Approve, "", TwoApprovals));
        Assert.Equal(["No export of free text"], Request.Grant!.Conditions);
    }

    [Fact]
    public void The_snapshot_says_why_access_is_refused()
    {
        Assert.Equal(DenialReason.NotApproved, Decide("claire", "drug_exposure", Monday).Reason);
        UnderReview();
        Append(Request.CastVote(Monday, "durand", Vote.Approve, "", TwoApprovals));
        Append(Request.CastVote(Monday, "leroy", Vote.Approve, "", TwoApprovals));
        Assert.True(Decide("CLAIRE", "drug_exposure", Monday.AddDays(1)).Allowed);
        Assert.Equal(DenialReason.DatasetNotGranted, Decide("claire", "measurement", Monday.AddDays(1)).Reason);
        Assert.Equal(DenialReason.NotAMember, Decide("mallory", "drug_exposure", Monday.AddDays(1)).Reason);
        Assert.Equal(DenialReason.Expired, Decide("claire", "drug_exposure", Monday.AddDays(366)).Reason);
        Append(Request.Revoke(Monday.AddDays(2), "petit", "Breach"));
        Assert.Equal(DenialReason.Revoked, Decide("claire", "drug_exposure", Monday.AddDays(2)).Reason);
        Assert.Equal(DenialReason.NoProject, GrantSnapshot.Unknown("p-x").Decide("claire", "drug_exposure", Monday).Reason);
    }

    [Fact]
    public void Details_are_validated_field_by_field()
    {
        var known = new HashSet<string> { "condition_occurrence", "drug_exposure" };
        var bad = new ProjectDetails("", "", "not-an-address", ["ok@chu.fr", "nope"], "", ["drug_exposure", "secrets"], new DateOnly(2024, 1, 1), new DateOnly(2023, 1, 1), null, 0);
        var errors = bad.Validate(known);
        Assert.Equal(["title", "purpose", "principalInvestigator", "members", "legalBasis", "datasets", "dataTo", "durationDays"], errors.Keys);
        Assert.Contains("'secrets'", errors["datasets"][0], StringComparison.Ordinal);
        Assert.Empty((Covid with { PrincipalInvestigator = "claire.martin@chu-demo.fr", Members = ["paul.bernard@chu-demo.fr"] }).Validate(known));
    }

    [Fact]
    public void Normalizing_lower_cases_addresses_and_drops_duplicates()
    {
        var details = (Covid with { PrincipalInvestigator = " Claire@CHU.fr ", Members = ["Paul@chu.fr", "paul@chu.fr", ""], Datasets = ["person", "person"] }).Normalized();
        Assert.Equal("claire@chu.fr", details.PrincipalInvestigator);
        Assert.Equal(["paul@chu.fr"], details.Members);
        Assert.Equal(["person"], details.Datasets);
    }

    private bool Allows(string user, string dataset, DateTimeOffset now) => Decide(user, dataset, now).Allowed;

    private AccessDecision Decide(string user, string dataset, DateTimeOffset now) => Request.ToSnapshot().Decide(user, dataset, now);
}
