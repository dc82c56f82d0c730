using System.Net.Mail;

namespace EdsPlatform.Governance.Domain;

/// <summary>The rules a project's details follow: normalised for exact comparisons, validated field by field.</summary>
public static class ProjectDetailsRules
{
    /// <summary>The same details with addresses lower-cased and lists de-duplicated, so that comparisons are exact.</summary>
    public static ProjectDetails Normalized(this ProjectDetails details) => details with
    {
        Title = details.Title.Trim(),
        PrincipalInvestigator = details.PrincipalInvestigator.Trim().ToLowerInvariant(),
        Members = [.. details.Members.Select(m => m.Trim().ToLowerInvariant()).Where(m => m.Length > 0).Distinct()],
        Datasets = [.. details.Datasets.Select(d => d.Trim()).Where(d => d.Length > 0).Distinct()],
    };

    /// <summary>Every field error, by field name (empty when the details are acceptable).</summary>
    public static Dictionary<string, string[]> Validate(this ProjectDetails details, IReadOnlySet<string> knownDatasets)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors[field] = [.. errors.GetValueOrDefault(field, []), message];
            }
        }
        Check(!string.IsNullOrWhiteSpace(details.Title) && details.Title.Length <= 200, "title", "A title of 1 to 200 characters is required.");
        Check(!string.IsNullOrWhiteSpace(details.Purpose) && details.Purpose.Length <= 10_000, "purpose", "Describe the purpose (at most 10,000 characters).");
        Check(IsEmail(details.PrincipalInvestigator), "principalInvestigator", "The principal investigator is named by a valid e-mail address.");
        foreach (var member in details.Members.Where(m => !IsEmail(m)))
        {
            Check(false, "members", $"'{member}' is not a valid e-mail address.");
        }
        Check(details.Members.Count <= 50, "members", "At most 50 team members.");
        Check(!string.IsNullOrWhiteSpace(details.LegalBasis) && details.LegalBasis.Length <= 200, "legalBasis", "Name the legal basis (e.g. MR-004, or an authorisation reference).");
        Check(details.Datasets.Count > 0, "datasets", "Request at least one dataset.");
        foreach (var dataset in details.Datasets.Where(d => !knownDatasets.Contains(d)))
        {
            Check(false, "datasets", $"'{dataset}' is not a dataset of the warehouse.");
        }
        Check(details.DataFrom is null || details.DataTo is null || details.DataFrom <= details.DataTo, "dataTo", "The data period ends after it starts.");
        Check(details.CohortDefinition is null || details.CohortDefinition.Length <= 200_000, "cohortDefinition", "The cohort definition is too long.");
        Check(details.DurationDays is > 0 and <= ProjectDetails.MaxDurationDays, "durationDays", $"The duration is 1 to {ProjectDetails.MaxDurationDays} days.");
        return errors;
    }

    private static bool IsEmail(string value) =>
        value.Length is > 3 and <= 254 && MailAddress.TryCreate(value, out var address) && address.Address == value;
}
