namespace EdsPlatform.Interactions.Engine;

/// <summary>
/// The thesaurus's effect classes (its "hyperkaliémiants", "bradycardisants", "torsadogènes"…) as adverse effects by
/// organ system: several lines in one class add the same effect, which the thesaurus warns about.
/// </summary>
public static class AdverseEffects
{
    private static readonly (string ClassPrefix, string OrganSystem, string Effect)[] Classes =
    [
        ("BRADYCARDISANTS", "cardiac", "bradycardia"),
        ("TORSADOGENES", "cardiac", "torsades de pointes"),
        ("SUBSTANCES SUSCEPTIBLES DE DONNER DES TORSADES DE POINTES", "cardiac", "torsades de pointes"),
        ("NEUROLEPTIQUES SUSCEPTIBLES DE DONNER DES TORSADES DE POINTES", "cardiac", "torsades de pointes"),
        ("ANTIPARASITAIRES SUSCEPTIBLES DE DONNER DES TORSADES DE POINTES", "cardiac", "torsades de pointes"),
        ("MEDICAMENTS ABAISSANT LA PRESSION ARTERIELLE", "vascular", "hypotension"),
        ("MEDICAMENTS A L'ORIGINE D'UNE HYPOTENSION ORTHOSTATIQUE", "vascular", "orthostatic hypotension"),
        ("HYPERKALIEMIANTS", "renal and metabolic", "hyperkalaemia"),
        ("HYPOKALIEMIANTS", "renal and metabolic", "hypokalaemia"),
        ("DIURETIQUES HYPOKALIEMIANTS", "renal and metabolic", "hypokalaemia"),
        ("HYPONATREMIANTS", "renal and metabolic", "hyponatraemia"),
        ("MEDICAMENTS NEPHROTOXIQUES", "renal and metabolic", "nephrotoxicity"),
        ("SULFAMIDES HYPOGLYCEMIANTS", "renal and metabolic", "hypoglycaemia"),
        ("MEDICAMENTS SEDATIFS", "nervous", "sedation"),
        ("MEDICAMENTS ATROPINIQUES", "nervous", "atropinic effects"),
        ("MEDICAMENTS A L'ORIGINE D'UN SYNDROME SEROTONINERGIQUE", "nervous", "serotonin syndrome"),
        ("MEDICAMENTS ABAISSANT LE SEUIL EPILEPTOGENE", "nervous", "seizures"),
        ("ANTIAGREGANTS PLAQUETTAIRES", "haematological", "bleeding"),
        ("ANTICOAGULANTS ORAUX", "haematological", "bleeding"),
        ("THROMBOLYTIQUES", "haematological", "bleeding"),
        ("MEDICAMENTS METHEMOGLOBINISANTS", "haematological", "methaemoglobinaemia"),
        ("ANTI-INFLAMMATOIRES NON STEROIDIENS", "digestive", "gastrointestinal ulcer and bleeding"),
        ("MEDICAMENTS OTOTOXIQUES", "ear", "ototoxicity"),
        ("MEDICAMENTS, BRADYKININE ET ANGIO-OEDEME", "skin and mucosa", "angio-oedema"),
    ];

    /// <summary>The effect a thesaurus class stands for, or null for a class that is not an effect class.</summary>
    public static (string OrganSystem, string Effect)? Of(string thesaurusClass) =>
        Classes.FirstOrDefault(c => thesaurusClass.StartsWith(c.ClassPrefix, StringComparison.Ordinal)) is { ClassPrefix: not null } found
            ? (found.OrganSystem, found.Effect)
            : null;
}
