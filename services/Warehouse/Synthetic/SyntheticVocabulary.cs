namespace EdsPlatform.Warehouse.Synthetic;

/// <summary>A source code the synthetic hospital uses, as an OMOP concept.</summary>
/// <param name="LocalConceptId">Its concept id, in the 2,000,000,000+ range OMOP reserves for local concepts.</param>
/// <param name="StandardConceptId">
/// The standard concept it maps to where one exists in the shipped (Eunomia) vocabulary; otherwise the
/// local concept is itself marked standard so that cohorts can use it.
/// </param>
public sealed record SyntheticCode(
    int LocalConceptId,
    string Vocabulary,
    string Code,
    string Name,
    string Domain,
    string ConceptClass,
    int? StandardConceptId = null)
{
    /// <summary>The concept a clinical row carries in its *_concept_id column.</summary>
    public int ConceptId => StandardConceptId ?? LocalConceptId;
}

/// <summary>A biology or vital-sign test with its unit and reference range, as a French lab reports it.</summary>
public sealed record LabTest(SyntheticCode Code, string Label, string Unit, double Low, double High, int Decimals);

/// <summary>A drug with the strength and posology a French prescription would carry.</summary>
public sealed record DrugProduct(SyntheticCode Code, string Label, string Strength, string Sig, int DailyUnits);

/// <summary>
/// Every code the generator writes (CIM-10 diagnoses, ATC drugs, LOINC tests, CCAM imaging acts), with
/// the concept rows and "Maps to" relationships the warehouse needs to understand them.
/// Ids are fixed here, never computed, so that a dataset generated today matches one generated later.
/// </summary>
public static class SyntheticVocabulary
{
    private static SyntheticCode Cim10(int id, string code, string name, int? standard = null) =>
        new(id, "CIM10", code, name, "Condition", "CIM10 code", standard);

    private static SyntheticCode Atc(int id, string code, string name, int? standard = null) =>
        new(id, "ATC", code, name, "Drug", "ATC 5th", standard);

    private static SyntheticCode Loinc(int id, string code, string name, int? standard = null) =>
        new(id, "LOINC", code, name, "Measurement", "Lab Test", standard);

    private static SyntheticCode Ccam(int id, string code, string name) =>
        new(id, "CCAM", code, name, "Procedure", "CCAM code");

    // Diagnoses (CIM-10, the French ICD-10 used by the PMSI).
    public static readonly SyntheticCode Covid19 = Cim10(2_000_100_001, "U07.1", "COVID-19, virus identifié");
    public static readonly SyntheticCode Hypertension = Cim10(2_000_100_002, "I10", "Hypertension essentielle (primitive)");
    public static readonly SyntheticCode Type2Diabetes = Cim10(2_000_100_003, "E11.9", "Diabète sucré de type 2, sans complication");
    public static readonly SyntheticCode ChronicKidneyDisease = Cim10(2_000_100_004, "N18.5", "Maladie rénale chronique, stade 5");
    public static readonly SyntheticCode KidneyTransplant = Cim10(2_000_100_005, "Z94.0", "Greffe de rein");
    public static readonly SyntheticCode AtrialFibrillation = Cim10(2_000_100_006, "I48.9", "Fibrillation et flutter auriculaires, sans précision", 313217);
    public static readonly SyntheticCode Pneumonia = Cim10(2_000_100_007, "J18.9", "Pneumopathie, sans précision", 255848);
    public static readonly SyntheticCode Asthma = Cim10(2_000_100_008, "J45.9", "Asthme, sans précision", 317009);
    public static readonly SyntheticCode RheumatoidArthritis = Cim10(2_000_100_009, "M06.9", "Polyarthrite rhumatoïde, sans précision", 80809);
    public static readonly SyntheticCode CoronaryDisease = Cim10(2_000_100_010, "I25.1", "Cardiopathie artérioscléreuse", 317576);
    public static readonly SyntheticCode Anemia = Cim10(2_000_100_011, "D64.9", "Anémie, sans précision", 439777);
    public static readonly SyntheticCode Epilepsy = Cim10(2_000_100_012, "G40.9", "Épilepsie, sans précision", 380378);
    public static readonly SyntheticCode Stroke = Cim10(2_000_100_013, "I64", "Accident vasculaire cérébral, non précisé comme étant hémorragique ou par infarctus", 381316);
    public static readonly SyntheticCode GastrointestinalBleeding = Cim10(2_000_100_014, "K92.2", "Hémorragie gastro-intestinale, sans précision", 192671);
    public static readonly SyntheticCode Osteoporosis = Cim10(2_000_100_015, "M81.9", "Ostéoporose, sans précision", 80502);
    public static readonly SyntheticCode Alzheimer = Cim10(2_000_100_016, "G30.9", "Maladie d'Alzheimer, sans précision", 378419);
    public static readonly SyntheticCode HeartFailure = Cim10(2_000_100_017, "I50.9", "Insuffisance cardiaque, sans précision");
    public static readonly SyntheticCode Lupus = Cim10(2_000_100_018, "M32.1", "Lupus érythémateux disséminé avec atteinte d'organes ou de systèmes");
    public static readonly SyntheticCode MultipleSclerosis = Cim10(2_000_100_019, "G35", "Sclérose en plaques");
    public static readonly SyntheticCode BrainTumour = Cim10(2_000_100_020, "C71.9", "Tumeur maligne de l'encéphale, sans précision");
    public static readonly SyntheticCode Headache = Cim10(2_000_100_021, "R51", "Céphalée");
    public static readonly SyntheticCode Pyelonephritis = Cim10(2_000_100_022, "N10", "Néphrite tubulo-interstitielle aiguë", 198199);

    // Drugs (ATC).
    public static readonly SyntheticCode Azathioprine = Atc(2_000_200_001, "L04AX01", "azathioprine");
    public static readonly SyntheticCode Mycophenolate = Atc(2_000_200_002, "L04AA06", "acide mycophénolique");
    public static readonly SyntheticCode Aspirin = Atc(2_000_200_003, "B01AC06", "acide acétylsalicylique", 1112807);
    public static readonly SyntheticCode Furosemide = Atc(2_000_200_004, "C03CA01", "furosémide");
    public static readonly SyntheticCode Atenolol = Atc(2_000_200_005, "C07AB03", "aténolol");
    public static readonly SyntheticCode Amlodipine = Atc(2_000_200_006, "C08CA01", "amlodipine", 1332418);
    public static readonly SyntheticCode Diclofenac = Atc(2_000_200_007, "M01AB05", "diclofénac", 1124300);
    public static readonly SyntheticCode Lansoprazole = Atc(2_000_200_008, "A02BC03", "lansoprazole");
    public static readonly SyntheticCode Paracetamol = Atc(2_000_200_009, "N02BE01", "paracétamol", 1125315);
    public static readonly SyntheticCode Amoxicillin = Atc(2_000_200_010, "J01CA04", "amoxicilline", 1713332);
    public static readonly SyntheticCode Tacrolimus = Atc(2_000_200_011, "L04AD02", "tacrolimus");
    public static readonly SyntheticCode Warfarin = Atc(2_000_200_012, "B01AA03", "warfarine", 1310149);
    public static readonly SyntheticCode Methotrexate = Atc(2_000_200_013, "L04AX03", "méthotrexate", 1305058);
    public static readonly SyntheticCode Prednisolone = Atc(2_000_200_014, "H02AB06", "prednisolone");

    // Biology and vital signs (LOINC).
    public static readonly LabTest Haemoglobin = new(Loinc(2_000_300_001, "718-7", "Hémoglobine [Masse/Volume] Sang", 3000963), "hémoglobine", "g/dL", 12, 16, 1);
    public static readonly LabTest Platelets = new(Loinc(2_000_300_002, "26515-7", "Plaquettes [Nombre/Volume] Sang", 3007461), "plaquettes", "G/L", 150, 400, 0);
    public static readonly LabTest Leukocytes = new(Loinc(2_000_300_003, "26464-8", "Leucocytes [Nombre/Volume] Sang", 3010813), "leucocytes", "G/L", 4, 10, 1);
    public static readonly LabTest Potassium = new(Loinc(2_000_300_004, "2823-3", "Potassium [Moles/Volume] Sérum/Plasma", 3023103), "kaliémie", "mmol/L", 3.5, 5.0, 1);
    public static readonly LabTest Sodium = new(Loinc(2_000_300_005, "2951-2", "Sodium [Moles/Volume] Sérum/Plasma", 3019550), "natrémie", "mmol/L", 135, 145, 0);
    public static readonly LabTest Glucose = new(Loinc(2_000_300_006, "2345-7", "Glucose [Masse/Volume] Sérum/Plasma", 3004501), "glycémie", "mmol/L", 3.9, 6.1, 1);
    public static readonly LabTest Creatinine = new(Loinc(2_000_300_007, "2160-0", "Créatinine [Masse/Volume] Sérum/Plasma", 3016723), "créatinine", "µmol/L", 60, 110, 0);
    public static readonly LabTest CReactiveProtein = new(Loinc(2_000_300_008, "1988-5", "Protéine C réactive [Masse/Volume] Sérum/Plasma"), "CRP", "mg/L", 0, 5, 0);
    public static readonly LabTest Alt = new(Loinc(2_000_300_009, "1742-6", "Alanine aminotransférase [Activité enzymatique/Volume] Sérum/Plasma", 3006923), "ALAT", "UI/L", 7, 40, 0);
    public static readonly LabTest SystolicPressure = new(Loinc(2_000_300_101, "8480-6", "Pression artérielle systolique"), "PA systolique", "mm[Hg]", 100, 140, 0);
    public static readonly LabTest DiastolicPressure = new(Loinc(2_000_300_102, "8462-4", "Pression artérielle diastolique"), "PA diastolique", "mm[Hg]", 60, 90, 0);
    public static readonly LabTest HeartRate = new(Loinc(2_000_300_103, "8867-4", "Fréquence cardiaque"), "FC", "/min", 60, 100, 0);
    public static readonly LabTest Temperature = new(Loinc(2_000_300_104, "8310-5", "Température corporelle"), "température", "Cel", 36.1, 37.8, 1);
    public static readonly LabTest Weight = new(Loinc(2_000_300_105, "29463-7", "Poids corporel"), "poids", "kg", 45, 110, 0);
    public static readonly LabTest OxygenSaturation = new(Loinc(2_000_300_106, "59408-5", "Saturation en oxygène (oxymétrie de pouls)"), "SpO2", "%", 94, 100, 0);

    // Imaging acts (CCAM).
    public static readonly SyntheticCode BrainMri = Ccam(2_000_400_001, "ACQN001", "Remnographie [IRM] du crâne et de son contenu");
    public static readonly SyntheticCode ChestXray = Ccam(2_000_400_002, "ZBQK002", "Radiographie du thorax");

    public static readonly IReadOnlyList<LabTest> Biology = [Haemoglobin, Platelets, Leukocytes, Potassium, Sodium, Glucose, Creatinine, CReactiveProtein, Alt];

    public static readonly IReadOnlyList<LabTest> VitalSigns = [SystolicPressure, DiastolicPressure, HeartRate, Temperature, Weight, OxygenSaturation];

    public static readonly IReadOnlyList<DrugProduct> Drugs =
    [
        new(Azathioprine, "AZATHIOPRINE", "50 mg", "1 comprimé matin et soir", 2),
        new(Mycophenolate, "MYCOPHÉNOLATE MOFÉTIL", "500 mg", "2 comprimés matin et soir", 4),
        new(Aspirin, "ASPIRINE (KARDÉGIC)", "75 mg", "1 sachet le midi", 1),
        new(Furosemide, "FUROSÉMIDE", "40 mg", "1 comprimé le matin", 1),
        new(Atenolol, "ATÉNOLOL", "50 mg", "1 comprimé le matin", 1),
        new(Amlodipine, "AMLODIPINE", "5 mg", "1 gélule le soir", 1),
        new(Diclofenac, "DICLOFÉNAC", "50 mg", "1 comprimé 3 fois par jour pendant 5 jours", 3),
        new(Lansoprazole, "LANSOPRAZOLE", "30 mg", "1 gélule le matin à jeun", 1),
        new(Paracetamol, "PARACÉTAMOL", "1 g", "1 comprimé jusqu'à 4 fois par jour si douleur", 4),
        new(Amoxicillin, "AMOXICILLINE", "1 g", "1 comprimé 3 fois par jour pendant 7 jours", 3),
        new(Tacrolimus, "TACROLIMUS", "1 mg", "selon taux résiduel, matin et soir", 2),
        new(Warfarin, "WARFARINE", "5 mg", "selon INR, le soir", 1),
        new(Methotrexate, "MÉTHOTREXATE", "10 mg", "1 fois par semaine le lundi", 1),
        new(Prednisolone, "PREDNISOLONE", "20 mg", "1 comprimé le matin", 1),
    ];

    public static readonly IReadOnlyList<SyntheticCode> Diagnoses =
    [
        Covid19, Hypertension, Type2Diabetes, ChronicKidneyDisease, KidneyTransplant, AtrialFibrillation, Pneumonia,
        Asthma, RheumatoidArthritis, CoronaryDisease, Anemia, Epilepsy, Stroke, GastrointestinalBleeding, Osteoporosis,
        Alzheimer, HeartFailure, Lupus, MultipleSclerosis, BrainTumour, Headache, Pyelonephritis,
    ];

    public static IEnumerable<SyntheticCode> AllCodes =>
        Diagnoses
            .Concat(Drugs.Select(d => d.Code))
            .Concat(Biology.Concat(VitalSigns).Select(t => t.Code))
            .Append(BrainMri)
            .Append(ChestXray);

    /// <summary>Vocabularies the codes belong to that Eunomia's VOCABULARY table lacks.</summary>
    public static readonly IReadOnlyList<(string Id, string Name, string Reference)> ExtraVocabularies =
    [
        ("CIM10", "Classification internationale des maladies, 10e révision (ATIH)", "https://www.atih.sante.fr/cim-10"),
        ("CCAM", "Classification commune des actes médicaux (CNAM)", "https://www.ameli.fr/accueil-de-la-ccam"),
    ];
}
