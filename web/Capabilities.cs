namespace EdsPlatform.Web;

/// <summary>What the platform offers, in the order a researcher meets it; the navigation is built from this list.</summary>
public sealed record Capability(string Slug, string French, string English, string FrenchSummary, string EnglishSummary)
{
    public string Path => Slug;

    public string Title => Ui.Text(French, English);

    public string Summary => Ui.Text(FrenchSummary, EnglishSummary);

    public static readonly IReadOnlyList<Capability> All =
    [
        new("catalog", "Catalogue", "Catalog",
            "Tables, volumes et vocabulaires de l'entrepôt OMOP.", "Tables, volumes and vocabularies of the OMOP warehouse."),
        new("cohorts", "Cohortes", "Cohorts",
            "Définir une population, la compter, suivre l'attrition.", "Define a population, count it, follow the attrition."),
        new("projects", "Projets", "Projects",
            "Demander l'accès aux données patient pour un projet.", "Request access to patient-level data for a project."),
        new("committee", "Comité", "Committee",
            "Examiner les demandes d'accès et voter.", "Review access requests and vote."),
        new("grants", "Accès accordés", "Grants",
            "Suivre et révoquer les accès accordés.", "Follow and revoke granted access."),
        new("audit", "Journal d'audit", "Audit log",
            "Parcourir le journal et vérifier son intégrité.", "Browse the log and verify its integrity."),
        new("nlp", "TAL", "NLP",
            "Extraire l'information des comptes rendus.", "Extract information from clinical reports."),
        new("imaging", "Imagerie", "Imaging",
            "Analyser des images DICOM avec les modèles de l'établissement.", "Analyse DICOM images with the hospital's models."),
        new("interactions", "Interactions", "Interactions",
            "Vérifier les interactions médicamenteuses.", "Check drug-drug interactions."),
    ];
}
