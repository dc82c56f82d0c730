using System.Globalization;

namespace EdsPlatform.Web;

/// <summary>The project form's fields as typed, so that a refused form comes back as the user left it.</summary>
public sealed class ProjectForm
{
    public string Title { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string PrincipalInvestigator { get; set; } = "";
    public string Members { get; set; } = "";
    public string LegalBasis { get; set; } = "";
    public List<string> Datasets { get; set; } = [];
    public string DataFrom { get; set; } = "";
    public string DataTo { get; set; } = "";
    public string DurationDays { get; set; } = "";
    public string CohortDefinition { get; set; } = "";

    public static ProjectForm From(IFormCollection form) => new()
    {
        Title = form["title"].ToString(),
        Purpose = form["purpose"].ToString(),
        PrincipalInvestigator = form["principalInvestigator"].ToString(),
        Members = form["members"].ToString(),
        LegalBasis = form["legalBasis"].ToString(),
        Datasets = [.. form["datasets"].OfType<string>()],
        DataFrom = form["dataFrom"].ToString(),
        DataTo = form["dataTo"].ToString(),
        DurationDays = form["durationDays"].ToString(),
        CohortDefinition = form["cohortDefinition"].ToString(),
    };

    public static ProjectForm From(ProjectDetails details) => new()
    {
        Title = details.Title,
        Purpose = details.Purpose,
        PrincipalInvestigator = details.PrincipalInvestigator,
        Members = string.Join('\n', details.Members),
        LegalBasis = details.LegalBasis,
        Datasets = [.. details.Datasets],
        DataFrom = details.DataFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        DataTo = details.DataTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        DurationDays = details.DurationDays.ToString(CultureInfo.InvariantCulture),
        CohortDefinition = details.CohortDefinition ?? "",
    };

    /// <summary>The API's input; what does not parse is sent empty, and the API says what is missing.</summary>
    public object ToInput() => new
    {
        title = Title,
        purpose = Purpose,
        principalInvestigator = PrincipalInvestigator,
        members = Members.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        legalBasis = LegalBasis,
        datasets = Datasets,
        dataFrom = DateOnly.TryParse(DataFrom, CultureInfo.InvariantCulture, out var from) ? from : (DateOnly?)null,
        dataTo = DateOnly.TryParse(DataTo, CultureInfo.InvariantCulture, out var to) ? to : (DateOnly?)null,
        durationDays = int.TryParse(DurationDays, CultureInfo.InvariantCulture, out var days) ? days : 0,
        cohortDefinition = string.IsNullOrWhiteSpace(CohortDefinition) ? null : CohortDefinition,
    };
}
