namespace EdsPlatform.Warehouse.Synthetic;

/// <summary>Who the documents of one patient talk about (all invented).</summary>
internal sealed record DocumentContext(
    string FullName,
    bool IsFemale,
    DateOnly BirthDate,
    string Ipp,
    string Address,
    string Phone,
    string GeneralPractitioner,
    string GeneralPractitionerPhone,
    string Specialist,
    string SecretariatPhone);

/// <summary>What happened during one stay, shared by the structured rows and the discharge letter.</summary>
internal sealed record StayFacts(
    string Unit,
    DateOnly Start,
    DateOnly End,
    SyntheticCode MainDiagnosis,
    IReadOnlyList<SyntheticCode> History,
    IReadOnlyList<(LabTest Test, double Value)> Vitals,
    IReadOnlyList<(LabTest Test, double Value)> Biology,
    IReadOnlyList<DrugProduct> Drugs,
    DrugProduct? StoppedDrug,
    string? ImagingAccession);

/// <summary>An imaging study referenced by a report: the Imaging service finds its pixels by these ids.</summary>
internal sealed record ImagingStudy(SyntheticCode Act, DateOnly Date, string Accession, string StudyInstanceUid, string Radiologist, string RadiologyPhone);
