namespace EdsPlatform.Web;

// The governance API's answers as the pages use them (states and votes as the API spells them).

public sealed record ProjectSummary(string ProjectId, string Title, string State, string Requester, IReadOnlyList<string> Team, IReadOnlyList<string> Datasets, DateTimeOffset? GrantEnd, DateTimeOffset UpdatedAt);

public sealed record ProjectDetails(string Title, string Purpose, string PrincipalInvestigator, IReadOnlyList<string> Members, string LegalBasis,
    IReadOnlyList<string> Datasets, DateOnly? DataFrom, DateOnly? DataTo, string? CohortDefinition, int DurationDays);

public sealed record VoteView(string Member, string Vote, string Comment, DateTimeOffset At);

public sealed record GrantView(IReadOnlyList<string> Users, IReadOnlyList<string> Datasets, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<string> Conditions);

public sealed record HistoryItem(DateTimeOffset At, string Actor, string Event, string? Comment);

public sealed record ProjectView(string Id, ProjectDetails Details, string State, string Requester, DateTimeOffset CreatedAt, int Version,
    IReadOnlyList<string> Team, IReadOnlyList<VoteView> Votes, GrantView? Grant, IReadOnlyList<HistoryItem> History);

public sealed record ReviewItem(string ProjectId, string Title, string State, string Requester, DateTimeOffset UpdatedAt, bool VotedByMe);

public sealed record AuditRecord(Guid Id, DateTimeOffset At, string Actor, string Action, string? ProjectId, string Resource, string Outcome, string? Reason, string Source, string? CorrelationId);

public sealed record AuditEntry(long Seq, AuditRecord Record);

public sealed record AuditVerification(bool Valid, long Entries, long? FirstBrokenSeq, string? Problem);

/// <summary>An API refusal (RFC 7807), with the field errors of a validation problem.</summary>
public sealed class ApiProblemException(int status, string? title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    : Exception(detail ?? title ?? $"HTTP {status}")
{
    public int Status { get; } = status;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>How states read on the pages.</summary>
public static class States
{
    public static string Label(string state) => state switch
    {
        "draft" => Ui.Text("Brouillon", "Draft"),
        "submitted" => Ui.Text("Soumis", "Submitted"),
        "underReview" => Ui.Text("En examen", "Under review"),
        "returnedForChanges" => Ui.Text("À modifier", "Returned for changes"),
        "approved" => Ui.Text("Approuvé", "Approved"),
        "rejected" => Ui.Text("Refusé", "Rejected"),
        "revoked" => Ui.Text("Révoqué", "Revoked"),
        "expired" => Ui.Text("Expiré", "Expired"),
        "closed" => Ui.Text("Clos", "Closed"),
        _ => state,
    };

    public static string Vote(string vote) => vote switch
    {
        "approve" => Ui.Text("Pour", "Approve"),
        "reject" => Ui.Text("Contre", "Reject"),
        "abstain" => Ui.Text("Abstention", "Abstain"),
        _ => vote,
    };
}
