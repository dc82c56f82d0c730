namespace EdsPlatform.DataAccess;

/// <summary>A project's access state as the doors need it: enough to decide without asking governance again.</summary>
/// <param name="Exists">False for an unknown project (cached too, so that probing ids costs governance nothing).</param>
/// <param name="Version">The request stream's version; a newer snapshot always wins.</param>
public sealed record GrantSnapshot(
    string ProjectId,
    bool Exists,
    ProjectState State,
    IReadOnlyList<string> Users,
    IReadOnlyList<string> Datasets,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    int Version)
{
    public static GrantSnapshot Unknown(string projectId) => new(projectId, false, ProjectState.Draft, [], [], null, null, 0);

    /// <summary>May <paramref name="user"/> (an e-mail address) read <paramref name="dataset"/> now? The reason when not.</summary>
    public AccessDecision Decide(string user, string dataset, DateTimeOffset now)
    {
        if (!Exists)
        {
            return AccessDecision.Deny(DenialReason.NoProject, $"There is no project '{ProjectId}'.");
        }
        return State switch
        {
            ProjectState.Revoked => AccessDecision.Deny(DenialReason.Revoked, "The project's grant was revoked."),
            ProjectState.Expired => AccessDecision.Deny(DenialReason.Expired, $"The project's grant expired on {End:u}."),
            ProjectState.Approved when now >= End => AccessDecision.Deny(DenialReason.Expired, $"The project's grant expired on {End:u}."),
            ProjectState.Approved when now < Start => AccessDecision.Deny(DenialReason.NotApproved, $"The project's grant starts on {Start:u}."),
            ProjectState.Approved when !Users.Contains(user, StringComparer.OrdinalIgnoreCase) =>
                AccessDecision.Deny(DenialReason.NotAMember, "You are not a member of this project's grant."),
            ProjectState.Approved when !Datasets.Contains(dataset, StringComparer.Ordinal) =>
                AccessDecision.Deny(DenialReason.DatasetNotGranted, $"The project's grant does not cover the dataset '{dataset}'."),
            ProjectState.Approved => AccessDecision.Allow(),
            ProjectState.Rejected => AccessDecision.Deny(DenialReason.NotApproved, "The project's access request was rejected."),
            ProjectState.Closed => AccessDecision.Deny(DenialReason.NotApproved, "The project's access request was closed."),
            _ => AccessDecision.Deny(DenialReason.NotApproved, "The project's access request has not been approved yet."),
        };
    }
}

/// <summary>
/// Why access was refused. <see cref="CohortOutsideProject"/>: the cohort was not created for this project by its team.
/// <see cref="NotFound"/>: the resource does not exist or is someone else's (the caller is not told which).
/// </summary>
public enum DenialReason { None, NoProject, NotApproved, Expired, Revoked, NotAMember, DatasetNotGranted, Unavailable, CohortOutsideProject, NotFound }

/// <summary>The answer to "may this user read this dataset for this project now?".</summary>
public sealed record AccessDecision(bool Allowed, DenialReason Reason, string Detail)
{
    public static AccessDecision Allow() => new(true, DenialReason.None, "Access granted.");

    public static AccessDecision Deny(DenialReason reason, string detail) => new(false, reason, detail);
}
