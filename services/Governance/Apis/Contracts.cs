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

/// <summary>The project as the API shows it: its state, team, votes, grant and history of events.</summary>
public static class ProjectViews
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
