using System.Globalization;
using EdsPlatform.Imaging.Dicom;

namespace EdsPlatform.Imaging.Tests;

/// <summary>The AI results report read back with our reader: where it belongs, who made it, and what it found.</summary>
public sealed class StructuredReportTests
{
    private static readonly AiResult Result = new(
        StudyInstanceUid: "1.2.826.0.1.3680043.2.1125.1.1",
        SeriesInstanceUid: "1.2.826.0.1.3680043.2.1125.1.2",
        SopInstanceUid: "1.2.826.0.1.3680043.2.1125.1.3",
        SopClassUid: SyntheticStudies.DigitalXRayForPresentation,
        PatientId: "1234567",
        PatientName: "Dupont^Hélène",
        AccessionNumber: "A2024-77",
        AlgorithmName: "chest-opacity",
        AlgorithmVersion: "1.3.0",
        ExecutionProvider: "CUDA",
        When: new DateTimeOffset(2024, 5, 6, 14, 30, 15, TimeSpan.FromHours(2)),
        Findings: [new("Opacity", 0.8734, true), new("Pleural effusion", 0.0215, false)]);

    [Fact]
    public void The_report_sits_in_the_images_study_as_an_unverified_sr_naming_the_algorithm()
    {
        var file = DicomFile.Read(new MemoryStream(StructuredReports.AiResultsReport(Result)));
        var set = file.Dataset;

        Assert.Equal(StructuredReports.ComprehensiveSr, file.Meta.GetString(DicomTag.MediaStorageSopClassUid));
        Assert.Equal(StructuredReports.ComprehensiveSr, set.GetString(DicomTag.SopClassUid));
        Assert.Equal(("SR", Result.StudyInstanceUid), (set.GetString(DicomTag.Modality), set.GetString(DicomTag.StudyInstanceUid)));
        Assert.NotEqual(Result.SeriesInstanceUid, set.GetString(DicomTag.SeriesInstanceUid));
        Assert.Equal((Result.PatientId, Result.PatientName, Result.AccessionNumber), (set.GetString(DicomTag.PatientId), set.GetString(DicomTag.PatientName), set.GetString(DicomTag.AccessionNumber)));
        Assert.Equal(("UNVERIFIED", "COMPLETE"), (set.GetString(DicomTag.VerificationFlag), set.GetString(DicomTag.CompletionFlag)));
        Assert.Equal(("20240506", "143015", "+0200"), (set.GetString(DicomTag.ContentDate), set.GetString(DicomTag.ContentTime), set.GetString(DicomTag.TimezoneOffsetFromUtc)));

        var equipment = Assert.Single(set.GetItems(DicomTag.ContributingEquipmentSequence));
        Assert.Equal(("EDS Platform", "chest-opacity", "1.3.0"), (equipment.GetString(DicomTag.Manufacturer), equipment.GetString(DicomTag.ManufacturerModelName), equipment.GetString(DicomTag.SoftwareVersions)));
        Assert.Equal("109102", Assert.Single(equipment.GetItems(DicomTag.PurposeOfReferenceCodeSequence)).GetString(DicomTag.CodeValue));
        Assert.Contains("CUDA", equipment.GetString(DicomTag.ContributionDescription), StringComparison.Ordinal);

        var evidence = Assert.Single(set.GetItems(DicomTag.CurrentRequestedProcedureEvidenceSequence));
        var series = Assert.Single(evidence.GetItems(DicomTag.ReferencedSeriesSequence));
        var image = Assert.Single(series.GetItems(DicomTag.ReferencedSopSequence));
        Assert.Equal((Result.StudyInstanceUid, Result.SeriesInstanceUid, Result.SopInstanceUid), (evidence.GetString(DicomTag.StudyInstanceUid), series.GetString(DicomTag.SeriesInstanceUid), image.GetString(DicomTag.ReferencedSopInstanceUid)));

        Assert.Equal(("CONTAINER", "126000"), (set.GetString(DicomTag.ValueType), Concept(set)));
        Assert.Equal("1500", Assert.Single(set.GetItems(DicomTag.ContentTemplateSequence)).GetString(DicomTag.TemplateIdentifier));
        var items = Descendants(set).ToList();
        Assert.Contains(items, item => Concept(item) == "111001" && item.GetString(DicomTag.TextValue) == "chest-opacity");
        Assert.Contains(items, item => Concept(item) == "111003" && item.GetString(DicomTag.TextValue) == "1.3.0");
        Assert.Contains(items, item => Concept(item) == "121049");
    }

    [Fact]
    public void Each_finding_has_a_measurement_group_with_its_label_probability_and_presence()
    {
        var set = DicomFile.Read(new MemoryStream(StructuredReports.AiResultsReport(Result))).Dataset;
        var groups = Descendants(set).Where(item => Concept(item) == "125007").ToList();
        Assert.Equal(Result.Findings.Count, groups.Count);
        foreach (var finding in Result.Findings)
        {
            var group = Assert.Single(groups, g => g.GetItems(DicomTag.ContentSequence).Any(i => Concept(i) == "121071" && i.GetString(DicomTag.TextValue) == finding.Label));
            var children = group.GetItems(DicomTag.ContentSequence);
            var number = Assert.Single(children, i => i.GetString(DicomTag.ValueType) == "NUM");
            var measured = Assert.Single(number.GetItems(DicomTag.MeasuredValueSequence));
            Assert.Equal(finding.Probability, double.Parse(measured.GetString(DicomTag.NumericValue)!, CultureInfo.InvariantCulture), 12);
            Assert.Equal("{probability}", Assert.Single(measured.GetItems(DicomTag.MeasurementUnitsCodeSequence)).GetString(DicomTag.CodeValue));
            var presence = Assert.Single(children, i => i.GetString(DicomTag.ValueType) == "CODE");
            Assert.Equal(finding.Positive ? "52101004" : "2667000", Assert.Single(presence.GetItems(DicomTag.ConceptCodeSequence)).GetString(DicomTag.CodeValue));
            Assert.All(children, child => Assert.NotNull(child.GetString(DicomTag.RelationshipType)));
        }
    }

    [Fact]
    public void Without_findings_or_an_image_reference_the_report_is_partial()
    {
        var set = DicomFile.Read(new MemoryStream(StructuredReports.AiResultsReport(Result with { SopInstanceUid = null, Findings = [] }))).Dataset;
        Assert.Equal("PARTIAL", set.GetString(DicomTag.CompletionFlag));
        Assert.False(set.Contains(DicomTag.CurrentRequestedProcedureEvidenceSequence));
        Assert.Equal("", set.GetString(DicomTag.StudyDate));
    }

    private static string? Concept(DicomDataset item) => item.GetItems(DicomTag.ConceptNameCodeSequence).SingleOrDefault()?.GetString(DicomTag.CodeValue);

    private static IEnumerable<DicomDataset> Descendants(DicomDataset item) =>
        item.GetItems(DicomTag.ContentSequence).SelectMany(child => Descendants(child).Prepend(child));
}
