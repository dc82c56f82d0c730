using EdsPlatform.Governance.Contracts;

namespace EdsPlatform.Web;

/// <summary>How states read on the pages.</summary>
public static class States
{
    public static string Label(ProjectState state) => state switch
    {
        ProjectState.Draft => Ui.Text("Brouillon", "Draft"),
        ProjectState.Submitted => Ui.Text("Soumis", "Submitted"),
        ProjectState.UnderReview => Ui.Text("En examen", "Under review"),
        ProjectState.ReturnedForChanges => Ui.Text("À modifier", "Returned for changes"),
        ProjectState.Approved => Ui.Text("Approuvé", "Approved"),
        ProjectState.Rejected => Ui.Text("Refusé", "Rejected"),
        ProjectState.Revoked => Ui.Text("Révoqué", "Revoked"),
        ProjectState.Expired => Ui.Text("Expiré", "Expired"),
        ProjectState.Closed => Ui.Text("Clos", "Closed"),
        _ => state.ToString(),
    };

    public static string Label(Vote vote) => vote switch
    {
        Vote.Approve => Ui.Text("Pour", "Approve"),
        Vote.Reject => Ui.Text("Contre", "Reject"),
        Vote.Abstain => Ui.Text("Abstention", "Abstain"),
        _ => vote.ToString(),
    };
}
