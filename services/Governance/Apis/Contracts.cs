using EdsPlatform.DataAccess;
using EdsPlatform.Governance.Domain;

namespace EdsPlatform.Governance.Apis;

/// <summary>A project as its team writes it (create and edit).</summary>
public sealed record ProjectInput(
    string? Title, string? Purpose, string? PrincipalInvestigator, List<string>? Members, string? LegalBasis,
    List<string>? Datasets, DateOnly? DataFrom, DateOnly? DataTo, string? CohortDefinition, int? DurationDays)
{
    public ProjectDetails ToDetails() => new ProjectDetails(Title ?? "", Purpose ?? "", PrincipalInvestigator ?? "", [.. (Members ?? []).Select(m => m ?? "")],
        LegalBasis ?? "", [.. (Datasets ?? []).Select(d => d ?? "")], DataFrom, DataTo, string.IsNullOrWhiteSpace(CohortDefinition) ? null : CohortDefinition, DurationDays ?? 0).Normalized();
}

public sealed record VoteInput(Vote? Vote, string? Comment);

public sealed record CommentInput(string? Comment);

public sealed record GrantEndInput(DateTimeOffset? End, string? Reason);

public sealed record VoteView(string Member, Vote Vote, string Comment, DateTimeOffset At);

public sealed record HistoryItem(DateTimeOffset At, string Actor, string Event, string? Comment);

public sealed record ProjectView(
    string Id, ProjectDetails Details, ProjectState State, string Requester, DateTimeOffset CreatedAt, int Version,
    IReadOnlyList<string> Team, IReadOnlyList<VoteView> Votes, Grant? Grant, IReadOnlyList<HistoryItem> History)
{
    public static ProjectView From(AccessRequest request, IEnumerable<AccessRequestEvent> events) => new(
        request.ProjectId, request.Details, request.State, request.Requester, request.CreatedAt, request.Version,
        [.. request.Team.Order(StringComparer.Ordinal)],
        [.. request.Votes.Select(v => new VoteView(v.Actor, v.Vote, v.Comment, v.At))],
        request.Grant,
        [.. events.Select(e => new HistoryItem(e.At, e.Actor, e.GetType().Name, e switch
        {
            ReturnedForChanges returned => returned.Comment,
            VoteCast vote => $"{vote.Vote}: {vote.Comment}",
            RequestRejected rejected => rejected.Reason,
            GrantRevoked revoked => revoked.Reason,
            GrantShortened shortened => $"{shortened.End:u}: {shortened.Reason}",
            _ => null,
        }))]);
}

/// <summary>A line of the review queue, with whether the reader has voted in the current round.</summary>
public sealed record ReviewItem(string ProjectId, string Title, ProjectState State, string Requester, DateTimeOffset UpdatedAt, bool VotedByMe);
