namespace EdsPlatform.Web;

/// <summary>What the platform offers, in the order a researcher meets it; the navigation is built from this list.</summary>
public sealed record Capability(string Slug, string French, string English, string FrenchSummary, string EnglishSummary, bool Available)
{
    public string Path => Slug;

    public string Title => Ui.Text(French, English);

    public string Summary => Ui.Text(FrenchSummary, EnglishSummary);

    public static readonly IReadOnlyList<Capability> All =
    [
        new("catalog", "Catalogue", "Catalog",
            "Tables, volumes et vocabulaires de l'entrepôt OMOP.", "Tables, volumes and vocabularies of the OMOP warehouse.", Available: true),
        new("cohorts", "Cohortes", "Cohorts",
            "Définir une population, la compter, suivre l'attrition.", "Define a population, count it, follow the attrition.", Available: true),
        new("projects", "Projets", "Projects",
            "Demander l'accès aux données patient pour un projet.", "Request access to patient-level data for a project.", Available: true),
        new("committee", "Comité", "Committee",
            "Examiner les demandes d'accès et voter.", "Review access requests and vote.", Available: true),
        new("grants", "Accès accordés", "Grants",
            "Suivre et révoquer les accès accordés.", "Follow and revoke granted access.", Available: true),
        new("audit", "Journal d'audit", "Audit log",
            "Parcourir le journal et vérifier son intégrité.", "Browse the log and verify its integrity.", Available: true),
        new("nlp", "TAL", "NLP",
            "Extraire l'information des comptes rendus.", "Extract information from clinical reports.", Available: true),
        new("imaging", "Imagerie", "Imaging",
            "Inférence sur les images DICOM.", "Inference on DICOM images.", Available: false),
        new("interactions", "Interactions", "Interactions",
            "Vérifier les interactions médicamenteuses.", "Check drug-drug interactions.", Available: true),
    ];
}
