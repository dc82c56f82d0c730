using System.Net.Mail;

namespace EdsPlatform.Governance.Domain;

/// <summary>
/// What a project asks for, as its team writes it: purpose, people, legal basis (a reference methodology such
/// as MR-004, or an authorisation reference), the OMOP tables it needs and for which period, for how long.
/// People are named by e-mail address, as the identity provider puts them in tokens.
/// </summary>
public sealed record ProjectDetails(
    string Title,
    string Purpose,
    string PrincipalInvestigator,
    IReadOnlyList<string> Members,
    string LegalBasis,
    IReadOnlyList<string> Datasets,
    DateOnly? DataFrom,
    DateOnly? DataTo,
    string? CohortDefinition,
    int DurationDays)
{
    public const int MaxDurationDays = 5 * 365;

    /// <summary>The same details with addresses lower-cased and lists de-duplicated, so that comparisons are exact.</summary>
    public ProjectDetails Normalized() => this with
    {
        Title = Title.Trim(),
        PrincipalInvestigator = PrincipalInvestigator.Trim().ToLowerInvariant(),
        Members = [.. Members.Select(m => m.Trim().ToLowerInvariant()).Where(m => m.Length > 0).Distinct()],
        Datasets = [.. Datasets.Select(d => d.Trim()).Where(d => d.Length > 0).Distinct()],
    };

    /// <summary>Every field error, by field name (empty when the details are acceptable).</summary>
    public Dictionary<string, string[]> Validate(IReadOnlySet<string> knownDatasets)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors[field] = [.. errors.GetValueOrDefault(field, []), message];
            }
        }
        Check(!string.IsNullOrWhiteSpace(Title) && Title.Length <= 200, "title", "A title of 1 to 200 characters is required.");
        Check(!string.IsNullOrWhiteSpace(Purpose) && Purpose.Length <= 10_000, "purpose", "Describe the purpose (at most 10,000 characters).");
        Check(IsEmail(PrincipalInvestigator), "principalInvestigator", "The principal investigator is named by a valid e-mail address.");
        foreach (var member in Members.Where(m => !IsEmail(m)))
        {
            Check(false, "members", $"'{member}' is not a valid e-mail address.");
        }
        Check(Members.Count <= 50, "members", "At most 50 team members.");
        Check(!string.IsNullOrWhiteSpace(LegalBasis) && LegalBasis.Length <= 200, "legalBasis", "Name the legal basis (e.g. MR-004, or an authorisation reference).");
        Check(Datasets.Count > 0, "datasets", "Request at least one dataset.");
        foreach (var dataset in Datasets.Where(d => !knownDatasets.Contains(d)))
        {
            Check(false, "datasets", $"'{dataset}' is not a dataset of the warehouse.");
        }
        Check(DataFrom is null || DataTo is null || DataFrom <= DataTo, "dataTo", "The data period ends after it starts.");
        Check(CohortDefinition is null || CohortDefinition.Length <= 200_000, "cohortDefinition", "The cohort definition is too long.");
        Check(DurationDays is > 0 and <= MaxDurationDays, "durationDays", $"The duration is 1 to {MaxDurationDays} days.");
        return errors;
    }

    private static bool IsEmail(string value) =>
        value.Length is > 3 and <= 254 && MailAddress.TryCreate(value, out var address) && address.Address == value;
}
