using EdsPlatform.Imaging.Contracts;

namespace EdsPlatform.Imaging.Dicom;

/// <summary>An AI classification of one image, with what the report needs to sit in the image's study.</summary>
/// <param name="SeriesInstanceUid">The classified image's series.</param>
/// <param name="SopInstanceUid">The classified image.</param>
/// <param name="SopClassUid">The classified image's SOP class.</param>
public sealed record AiResult(
    string StudyInstanceUid,
    string? SeriesInstanceUid,
    string? SopInstanceUid,
    string? SopClassUid,
    string? PatientId,
    string? PatientName,
    string? AccessionNumber,
    string AlgorithmName,
    string AlgorithmVersion,
    string ExecutionProvider,
    DateTimeOffset When,
    IReadOnlyList<StudyFinding> Findings);

/// <summary>
/// AI results as DICOM Comprehensive SR, in the shape of TID 1500 "Measurement Report" as the IHE AI Results profile
/// uses it: a new SR series in the image's study, UNVERIFIED until a radiologist signs it, the algorithm named as
/// contributing equipment and as device observer, and one measurement group per finding (label, probability,
/// presence, algorithm). Archives and viewers file it with the images; our own reader reads it back.
/// </summary>
public static class StructuredReports
{
    /// <summary>Comprehensive SR Storage.</summary>
    public const string ComprehensiveSr = "1.2.840.10008.5.1.4.1.1.88.33";

    /// <summary>Series number of AI results, well above those of acquisitions so viewers list them last.</summary>
    public const int AiSeriesNumber = 900;

    private const string Manufacturer = "EDS Platform";

    public static byte[] AiResultsReport(AiResult result)
    {
        var imageKnown = result is { SeriesInstanceUid: not null, SopInstanceUid: not null, SopClassUid: not null };
        var (date, time) = (DateOnly.FromDateTime(result.When.DateTime), TimeOnly.FromDateTime(result.When.DateTime));
        var report = Container(null, Codes.ImagingMeasurementReport,
            [
                CodeItem("HAS CONCEPT MOD", Codes.LanguageOfContent, Codes.English),
                CodeItem("HAS OBS CONTEXT", Codes.ObserverType, Codes.Device),
                UidRef("HAS OBS CONTEXT", Codes.DeviceObserverUid, DicomUids.FromName($"{result.AlgorithmName}/{result.AlgorithmVersion}")),
                Text("HAS OBS CONTEXT", Codes.DeviceObserverName, result.AlgorithmName),
                Text("HAS OBS CONTEXT", Codes.DeviceObserverManufacturer, Manufacturer),
                CodeItem("HAS CONCEPT MOD", Codes.ProcedureReported, Codes.ImagingProcedure),
                Container("CONTAINS", Codes.ImagingMeasurements, [.. result.Findings.Select(finding => MeasurementGroup(finding, result))]),
            ])
            .AddSequence(DicomTag.ContentTemplateSequence, new DicomDatasetBuilder()
                .Add(DicomTag.MappingResource, "CS", "DCMR")
                .Add(DicomTag.TemplateIdentifier, "CS", "1500"))
            .Add(DicomTag.SpecificCharacterSet, "CS", "ISO_IR 100")
            .AddDate(DicomTag.InstanceCreationDate, date)
            .AddTime(DicomTag.InstanceCreationTime, time)
            .Add(DicomTag.TimezoneOffsetFromUtc, "SH", DicomDatasetBuilder.UtcOffset(result.When))
            .Add(DicomTag.StudyDate, "DA", "")
            .Add(DicomTag.StudyTime, "TM", "")
            .Add(DicomTag.StudyId, "SH", "")
            .Add(DicomTag.AccessionNumber, "SH", result.AccessionNumber ?? "")
            .Add(DicomTag.ReferringPhysicianName, "PN", "")
            .Add(DicomTag.StudyInstanceUid, "UI", result.StudyInstanceUid)
            .Add(DicomTag.PatientName, "PN", result.PatientName ?? "")
            .Add(DicomTag.PatientId, "LO", result.PatientId ?? "")
            .Add(DicomTag.PatientBirthDate, "DA", "")
            .Add(DicomTag.PatientSex, "CS", "")
            .Add(DicomTag.Modality, "CS", "SR")
            .Add(DicomTag.SeriesInstanceUid, "UI", DicomUids.New())
            .Add(DicomTag.SeriesNumber, "IS", AiSeriesNumber)
            .Add(DicomTag.SeriesDescription, "LO", $"AI {result.AlgorithmName}")
            .AddSequence(DicomTag.ReferencedPerformedProcedureStepSequence)
            .Add(DicomTag.Manufacturer, "LO", Manufacturer)
            .AddSequence(DicomTag.ContributingEquipmentSequence, new DicomDatasetBuilder()
                .Add(DicomTag.Manufacturer, "LO", Manufacturer)
                .Add(DicomTag.ManufacturerModelName, "LO", result.AlgorithmName)
                .Add(DicomTag.SoftwareVersions, "LO", result.AlgorithmVersion)
                .AddSequence(DicomTag.PurposeOfReferenceCodeSequence, Codes.ProcessingEquipment.Item())
                .AddDateTime(DicomTag.ContributionDateTime, result.When)
                .Add(DicomTag.ContributionDescription, "ST", $"{result.AlgorithmName} {result.AlgorithmVersion} on {result.ExecutionProvider}"))
            .Add(DicomTag.InstanceNumber, "IS", 1)
            // Complete when it says what was found and on which image; an AI run without either is reported as partial.
            .Add(DicomTag.CompletionFlag, "CS", imageKnown && result.Findings.Count > 0 ? "COMPLETE" : "PARTIAL")
            .Add(DicomTag.VerificationFlag, "CS", "UNVERIFIED")
            .AddDate(DicomTag.ContentDate, date)
            .AddTime(DicomTag.ContentTime, time)
            .AddSequence(DicomTag.PerformedProcedureCodeSequence);
        if (imageKnown)
        {
            report.AddSequence(DicomTag.CurrentRequestedProcedureEvidenceSequence, new DicomDatasetBuilder()
                .Add(DicomTag.StudyInstanceUid, "UI", result.StudyInstanceUid)
                .AddSequence(DicomTag.ReferencedSeriesSequence, new DicomDatasetBuilder()
                    .Add(DicomTag.SeriesInstanceUid, "UI", result.SeriesInstanceUid!)
                    .AddSequence(DicomTag.ReferencedSopSequence, new DicomDatasetBuilder()
                        .Add(DicomTag.ReferencedSopClassUid, "UI", result.SopClassUid!)
                        .Add(DicomTag.ReferencedSopInstanceUid, "UI", result.SopInstanceUid!))));
        }
        return DicomWriter.Write(report, ComprehensiveSr, DicomUids.New());
    }

    /// <summary>TID 1501 for one finding: its tracking identifier, the finding, its probability and presence, and the algorithm (TID 4019).</summary>
    private static DicomDatasetBuilder MeasurementGroup(StudyFinding finding, AiResult result) => Container("CONTAINS", Codes.MeasurementGroup,
        [
            Text("HAS OBS CONTEXT", Codes.TrackingIdentifier, finding.Label),
            UidRef("HAS OBS CONTEXT", Codes.TrackingUid, DicomUids.New()),
            Text("CONTAINS", Codes.Finding, finding.Label),
            Num("CONTAINS", Codes.Probability, finding.Probability, Codes.ProbabilityUnits),
            CodeItem("CONTAINS", Codes.Presence, finding.Positive ? Codes.Present : Codes.Absent),
            Text("HAS CONCEPT MOD", Codes.AlgorithmName, result.AlgorithmName),
            Text("HAS CONCEPT MOD", Codes.AlgorithmVersion, result.AlgorithmVersion),
        ]);

    /// <summary>A content item's common part; the root has no relationship to a parent.</summary>
    private static DicomDatasetBuilder ContentItem(string? relationship, string valueType, Code concept)
    {
        var item = new DicomDatasetBuilder()
            .Add(DicomTag.ValueType, "CS", valueType)
            .AddSequence(DicomTag.ConceptNameCodeSequence, concept.Item());
        return relationship is null ? item : item.Add(DicomTag.RelationshipType, "CS", relationship);
    }

    private static DicomDatasetBuilder Container(string? relationship, Code concept, IEnumerable<DicomDatasetBuilder> children) =>
        ContentItem(relationship, "CONTAINER", concept)
            .Add(DicomTag.ContinuityOfContent, "CS", "SEPARATE")
            .AddSequence(DicomTag.ContentSequence, children);

    private static DicomDatasetBuilder Text(string relationship, Code concept, string text) =>
        ContentItem(relationship, "TEXT", concept).Add(DicomTag.TextValue, "UT", text);

    private static DicomDatasetBuilder CodeItem(string relationship, Code concept, Code value) =>
        ContentItem(relationship, "CODE", concept).AddSequence(DicomTag.ConceptCodeSequence, value.Item());

    private static DicomDatasetBuilder UidRef(string relationship, Code concept, string uid) =>
        ContentItem(relationship, "UIDREF", concept).Add(DicomTag.UidValue, "UI", uid);

    private static DicomDatasetBuilder Num(string relationship, Code concept, double value, Code units) =>
        ContentItem(relationship, "NUM", concept).AddSequence(DicomTag.MeasuredValueSequence, new DicomDatasetBuilder()
            .Add(DicomTag.NumericValue, "DS", value)
            .AddSequence(DicomTag.MeasurementUnitsCodeSequence, units.Item()));

    private sealed record Code(string Value, string Scheme, string Meaning)
    {
        public DicomDatasetBuilder Item() => new DicomDatasetBuilder()
            .Add(DicomTag.CodeValue, "SH", Value)
            .Add(DicomTag.CodingSchemeDesignator, "SH", Scheme)
            .Add(DicomTag.CodeMeaning, "LO", Meaning);
    }

    /// <summary>The coded concepts of the report: DICOM (DCM), SNOMED CT (SCT), UCUM and RFC 5646, plus two of our own.</summary>
    private static class Codes
    {
        public static readonly Code ImagingMeasurementReport = new("126000", "DCM", "Imaging Measurement Report");
        public static readonly Code LanguageOfContent = new("121049", "DCM", "Language of Content Item and Descendants");
        public static readonly Code English = new("en", "RFC5646", "English");
        public static readonly Code ObserverType = new("121005", "DCM", "Observer Type");
        public static readonly Code Device = new("121007", "DCM", "Device");
        public static readonly Code DeviceObserverUid = new("121012", "DCM", "Device Observer UID");
        public static readonly Code DeviceObserverName = new("121013", "DCM", "Device Observer Name");
        public static readonly Code DeviceObserverManufacturer = new("121014", "DCM", "Device Observer Manufacturer");
        public static readonly Code ProcedureReported = new("121058", "DCM", "Procedure reported");
        public static readonly Code ImagingProcedure = new("363679005", "SCT", "Imaging procedure");
        public static readonly Code ImagingMeasurements = new("126010", "DCM", "Imaging Measurements");
        public static readonly Code MeasurementGroup = new("125007", "DCM", "Measurement Group");
        public static readonly Code TrackingIdentifier = new("112039", "DCM", "Tracking Identifier");
        public static readonly Code TrackingUid = new("112040", "DCM", "Tracking Unique Identifier");
        public static readonly Code Finding = new("121071", "DCM", "Finding");
        public static readonly Code AlgorithmName = new("111001", "DCM", "Algorithm Name");
        public static readonly Code AlgorithmVersion = new("111003", "DCM", "Algorithm Version");
        public static readonly Code Present = new("52101004", "SCT", "Present");
        public static readonly Code Absent = new("2667000", "SCT", "Absent");
        public static readonly Code ProbabilityUnits = new("{probability}", "UCUM", "probability");

        // CID 7005: the algorithm processed the images to derive this content. Acquisition Equipment (109101) made the
        // images; Modifying (109103) and De-identifying (109104) Equipment change an existing instance.
        public static readonly Code ProcessingEquipment = new("109102", "DCM", "Processing Equipment");

        // DICOM has no generic concept for a classifier's class probability (DCM 111047 is "Probability of cancer"),
        // so these two use a private coding scheme, whose designators begin with "99" (PS3.16 8.2).
        public static readonly Code Probability = new("EDS-001", "99EDS", "Probability of finding");
        public static readonly Code Presence = new("EDS-002", "99EDS", "Presence of finding");
    }
}
