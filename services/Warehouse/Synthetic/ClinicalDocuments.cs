using System.Globalization;
using System.Text;

namespace EdsPlatform.Warehouse.Synthetic;

/// <summary>
/// Writes French clinical documents for a stay: a discharge letter and imaging reports. They are made to
/// give NLP real work: negated and hypothetical findings, family and personal history, dates in several
/// forms, measurements with units, drug names with posology, and identifiers to pseudonymise.
/// </summary>
internal static class ClinicalDocuments
{
    /// <summary>
    /// French dates and decimals, defined here rather than taken from ICU so that a seed gives the same
    /// text on every machine (ICU versions differ in small ways).
    /// </summary>
    private static readonly CultureInfo French = CreateFrench();

    private static readonly string[] FamilyHistory =
    [
        "Antécédents familiaux : mère diabétique de type 2, père décédé d'un infarctus du myocarde à 62 ans.",
        "Antécédents familiaux : pas d'antécédent familial notable.",
        "Antécédents familiaux : frère suivi pour une polyarthrite rhumatoïde ; pas de cancer connu dans la famille.",
        "Antécédents familiaux : sa sœur aurait une sclérose en plaques.",
        "Antécédents familiaux : père hypertendu, grand-mère maternelle atteinte de la maladie d'Alzheimer.",
    ];

    private static readonly string[] Negations =
    [
        "Pas de fièvre à l'admission.",
        "Absence de douleur thoracique.",
        "Le patient ne présente pas de signe de détresse respiratoire.",
        "On ne retrouve pas de syndrome méningé.",
        "Pas d'œdème des membres inférieurs.",
        "Aucun signe de localisation neurologique.",
        "Absence d'hémorragie extériorisée.",
    ];

    private static readonly string[] Hypotheses =
    [
        "Une origine médicamenteuse est possible et reste à confirmer.",
        "Suspicion d'infection urinaire associée, ECBU en cours.",
        "Une embolie pulmonaire ne peut être formellement exclue.",
        "Probable composante d'insuffisance cardiaque, à réévaluer en consultation.",
    ];

    public static string DischargeLetter(DocumentContext context, StayFacts stay, Random random)
    {
        var text = new StringBuilder(2048);
        text.Append("CHU de Lyon — Service de ").Append(stay.Unit).Append('\n');
        text.Append("Compte rendu d'hospitalisation\n\n");
        text.Append("Patient").Append(context.IsFemale ? "e" : "").Append(" : ").Append(context.FullName)
            .Append(", né").Append(context.IsFemale ? "e" : "").Append(" le ").Append(context.BirthDate.ToString("dd/MM/yyyy", French))
            .Append(" (IPP ").Append(context.Ipp).Append(").\n");
        text.Append("Adresse : ").Append(context.Address).Append(". Tél. : ").Append(context.Phone).Append(".\n");
        text.Append("Hospitalisation du ").Append(stay.Start.ToString("dd/MM/yyyy", French))
            .Append(" au ").Append(stay.End.ToString("dd/MM/yyyy", French)).Append(".\n");
        text.Append("Médecin traitant : Dr ").Append(context.GeneralPractitioner)
            .Append(", tél. ").Append(context.GeneralPractitionerPhone).Append(".\n\n");

        text.Append("Motif d'hospitalisation : ").Append(Lower(stay.MainDiagnosis.Name)).Append(".\n\n");
        text.Append("Antécédents :\n");
        foreach (var condition in stay.History)
        {
            text.Append("- ").Append(condition.Name).Append(" (ATCD connu depuis ").Append(random.Next(2005, 2018)).Append(")\n");
        }
        if (stay.History.Count == 0)
        {
            text.Append("- pas d'antécédent médical particulier\n");
        }
        text.Append(random.Pick(FamilyHistory)).Append("\n\n");

        text.Append("Histoire de la maladie : ").Append(context.IsFemale ? "La patiente" : "Le patient")
            .Append(" rapporte des symptômes depuis le ")
            .Append(stay.Start.AddDays(-random.Next(2, 15)).ToString("d MMMM yyyy", French)).Append(". ")
            .Append(random.Pick(Negations)).Append(' ').Append(random.Pick(Negations)).Append("\n\n");

        text.Append("Examen clinique : ");
        foreach (var (test, value) in stay.Vitals)
        {
            text.Append(test.Label).Append(' ').Append(Format(value, test.Decimals)).Append(' ').Append(DisplayUnit(test.Unit)).Append(", ");
        }
        text.Length -= 2;
        text.Append(".\n");
        text.Append("Biologie d'entrée : ");
        foreach (var (test, value) in stay.Biology)
        {
            text.Append(test.Label).Append(' ').Append(Format(value, test.Decimals)).Append(' ').Append(test.Unit).Append(", ");
        }
        text.Length -= 2;
        text.Append(".\n\n");

        text.Append("Évolution : favorable. ").Append(random.Pick(Hypotheses)).Append('\n');
        if (stay.ImagingAccession is not null)
        {
            text.Append("Imagerie réalisée pendant le séjour, examen n° ").Append(stay.ImagingAccession).Append(" (voir compte rendu).\n");
        }
        text.Append("\nConclusion :\n- ").Append(stay.MainDiagnosis.Name).Append(" (").Append(stay.MainDiagnosis.Code).Append(")\n");
        foreach (var condition in stay.History)
        {
            text.Append("- ").Append(condition.Name).Append(" (").Append(condition.Code).Append(")\n");
        }

        text.Append("\nTraitement de sortie :\n");
        foreach (var drug in stay.Drugs)
        {
            text.Append("- ").Append(drug.Label).Append(' ').Append(drug.Strength).Append(" : ").Append(drug.Sig).Append('\n');
        }
        if (stay.StoppedDrug is { } stopped)
        {
            text.Append("Arrêt du ").Append(Lower(stopped.Label)).Append(" en raison d'une mauvaise tolérance digestive.\n");
        }
        text.Append("\nRendez-vous de contrôle le ").Append(stay.End.AddDays(30 + random.Next(30)).ToString("dddd d MMMM yyyy", French))
            .Append(" avec le Dr ").Append(context.Specialist).Append(" (secrétariat : ").Append(context.SecretariatPhone).Append(").\n");
        text.Append("Dr ").Append(context.Specialist).Append(", praticien hospitalier\n");
        return text.ToString();
    }

    public static string BrainMriReport(DocumentContext context, StayFacts stay, ImagingStudy study, Random random)
    {
        var abnormal = stay.MainDiagnosis == SyntheticVocabulary.Stroke || stay.MainDiagnosis == SyntheticVocabulary.BrainTumour
            || stay.History.Contains(SyntheticVocabulary.MultipleSclerosis);
        var size = random.Next(4, 35);
        var findings = stay.MainDiagnosis == SyntheticVocabulary.BrainTumour
            ? $"Processus expansif frontal droit de {size} × {size - 2} mm, rehaussé après injection, avec œdème périlésionnel. Pas d'engagement."
            : stay.MainDiagnosis == SyntheticVocabulary.Stroke
                ? $"Hypersignal en diffusion du territoire sylvien gauche mesurant {size} mm, compatible avec un AVC ischémique récent. Pas de transformation hémorragique."
                : abnormal
                    ? $"Plusieurs hypersignaux T2 FLAIR de la substance blanche périventriculaire, le plus grand de {Math.Min(size, 12)} mm, évocateurs de plaques de démyélinisation. Pas de prise de contraste."
                    : "Pas d'anomalie de signal du parenchyme cérébral. Absence de lésion ischémique récente en diffusion. Pas de processus expansif intracrânien.";
        return Report(context, study, "IRM cérébrale",
            "Indication : céphalées persistantes, recherche de lésion intracrânienne. Suspicion de processus expansif ?",
            "Technique : séquences T1, T2 FLAIR, diffusion et T1 après injection de gadolinium.",
            findings,
            abnormal ? "Conclusion : anomalie décrite ci-dessus, avis neurologique recommandé." : "Conclusion : IRM cérébrale normale. Pas de signe d'hypertension intracrânienne.");
    }

    public static string ChestXrayReport(DocumentContext context, StayFacts stay, ImagingStudy study, Random random)
    {
        var infection = stay.MainDiagnosis == SyntheticVocabulary.Pneumonia || stay.MainDiagnosis == SyntheticVocabulary.Covid19;
        var findings = infection
            ? stay.MainDiagnosis == SyntheticVocabulary.Covid19
                ? "Opacités en verre dépoli bilatérales à prédominance périphérique et basale. Pas d'épanchement pleural."
                : $"Opacité alvéolaire du lobe inférieur droit avec bronchogramme aérique. Pas d'épanchement pleural. Index cardiothoracique à 0,{random.Next(42, 50)}."
            : $"Pas de foyer de condensation. Pas d'épanchement pleural ni de pneumothorax. Index cardiothoracique à 0,{random.Next(42, 58)}.";
        return Report(context, study, "Radiographie thoracique de face",
            "Indication : toux fébrile, dyspnée. Recherche de pneumopathie.",
            "Technique : cliché de face en position debout.",
            findings,
            infection ? "Conclusion : aspect compatible avec une pneumopathie." : "Conclusion : radiographie thoracique sans anomalie.");
    }

    private static string Report(DocumentContext context, ImagingStudy study, string title, string indication, string technique, string findings, string conclusion)
    {
        var text = new StringBuilder(1024);
        text.Append("CHU de Lyon — Service d'imagerie médicale\n");
        text.Append(title).Append(" du ").Append(study.Date.ToString("dd/MM/yyyy", French))
            .Append(" — examen n° ").Append(study.Accession).Append('\n');
        text.Append("Patient : ").Append(context.FullName).Append(", né").Append(context.IsFemale ? "e" : "")
            .Append(" le ").Append(context.BirthDate.ToString("dd/MM/yyyy", French)).Append(", IPP ").Append(context.Ipp).Append('\n');
        text.Append("Prescripteur : Dr ").Append(context.Specialist).Append("\n\n");
        text.Append(indication).Append('\n').Append(technique).Append("\n\nRésultats : ").Append(findings).Append("\n\n").Append(conclusion).Append('\n');
        text.Append("\nImages : StudyInstanceUID ").Append(study.StudyInstanceUid).Append('\n');
        text.Append("Dr ").Append(study.Radiologist).Append(", radiologue — tél. ").Append(study.RadiologyPhone).Append('\n');
        return text.ToString();
    }

    private static CultureInfo CreateFrench()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        string[] months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", ""];
        culture.DateTimeFormat.MonthNames = months;
        culture.DateTimeFormat.MonthGenitiveNames = months;
        culture.DateTimeFormat.DayNames = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
        culture.NumberFormat.NumberDecimalSeparator = ",";
        return culture;
    }

    private static string Format(double value, int decimals) => value.ToString("F" + decimals, French);

    private static string DisplayUnit(string ucum) => ucum switch { "mm[Hg]" => "mmHg", "Cel" => "°C", _ => ucum };

    /// <summary>Lower-cases the first letter of a label for use mid-sentence, but leaves acronyms (COVID-19) alone.</summary>
    private static string Lower(string text) =>
        text.Length < 2 || char.IsUpper(text[1]) ? text : char.ToLower(text[0], French) + text[1..];
}
