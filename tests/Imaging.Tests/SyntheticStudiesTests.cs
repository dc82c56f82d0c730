using EdsPlatform.Imaging.Dicom;

namespace EdsPlatform.Imaging.Tests;

/// <summary>The synthetic studies: reproducible to the byte, shaped as their spec says, and DICOM our reader accepts.</summary>
public sealed class SyntheticStudiesTests
{
    private const int Size = SyntheticStudies.ChestSize;
    private const string Study = "2.25.123456789";

    private static double Mean(ushort[] pixels, int x, int y, int radius) =>
        (from yy in Enumerable.Range(y - radius, 2 * radius + 1)
         from xx in Enumerable.Range(x - radius, 2 * radius + 1)
         select (double)pixels[yy * Size + xx]).Average();

    [Fact]
    public void The_same_seed_gives_the_same_image_and_another_seed_another()
    {
        var first = SyntheticStudies.ChestRadiographPixels(7, opacity: true);
        Assert.Equal(first, SyntheticStudies.ChestRadiographPixels(7, opacity: true));
        Assert.NotEqual(first, SyntheticStudies.ChestRadiographPixels(8, opacity: true));
        Assert.Equal(Size * Size, first.Length);
        Assert.All(first, value => Assert.InRange(value, 0, 4095));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_chest_has_background_body_and_two_darker_lungs(int seed)
    {
        var pixels = SyntheticStudies.ChestRadiographPixels(seed, opacity: false);
        Assert.InRange(Mean(pixels, 5, 5, 3), 150, 250);
        Assert.InRange(Mean(pixels, 128, 120, 3), 2300, 2500); // mediastinum
        Assert.InRange(Mean(pixels, 128, 230, 3), 2300, 2500); // below the lungs
        Assert.InRange(Mean(pixels, 80, 120, 3), 750, 1050);
        Assert.InRange(Mean(pixels, 176, 120, 3), 750, 1050);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void An_opacity_is_a_blob_in_a_lung_and_nothing_else_changes(int seed)
    {
        var clear = SyntheticStudies.ChestRadiographPixels(seed, opacity: false);
        var opaque = SyntheticStudies.ChestRadiographPixels(seed, opacity: true);
        var difference = opaque.Zip(clear, (a, b) => a - b).ToArray();
        var peak = Array.IndexOf(difference, difference.Max());
        var (x, y) = (peak % Size, peak / Size);

        Assert.InRange(difference.Max(), 400, 1400);
        Assert.True(Mean(opaque, x, y, 3) - Mean(clear, x, y, 3) > 350);
        Assert.InRange(Mean(clear, x, y, 3), 700, 1100); // the blob sits in a lung field
        Assert.Equal(0, difference[5 * Size + 5]); // same noise elsewhere: the pair differs by the blob only
        Assert.Equal(clear.Length - difference.Count(d => d != 0), difference.Count(d => d == 0));
    }

    [Fact]
    public void The_chest_radiograph_is_a_dx_for_presentation_with_its_tags()
    {
        var bytes = SyntheticStudies.ChestRadiograph(Study, 4242, new DateOnly(2023, 11, 2), "ACC-9", opacity: true);
        Assert.Equal(bytes, SyntheticStudies.ChestRadiograph(Study, 4242, new DateOnly(2023, 11, 2), "ACC-9", opacity: true));
        var file = DicomFile.Read(new MemoryStream(bytes));
        var set = file.Dataset;

        Assert.Equal(SyntheticStudies.DigitalXRayForPresentation, set.GetString(DicomTag.SopClassUid));
        Assert.Equal(("DX", "CHEST", "Thorax face"), (set.GetString(DicomTag.Modality), set.GetString(DicomTag.BodyPartExamined), set.GetString(DicomTag.SeriesDescription)));
        Assert.Equal(("4242", "20231102", "ACC-9", Study), (set.GetString(DicomTag.PatientId), set.GetString(DicomTag.StudyDate), set.GetString(DicomTag.AccessionNumber), set.GetString(DicomTag.StudyInstanceUid)));
        Assert.Equal((2048.0, 4096.0, 1.0, 0.0), (set.GetNumber(DicomTag.WindowCenter)!.Value, set.GetNumber(DicomTag.WindowWidth)!.Value, set.GetNumber(DicomTag.RescaleSlope)!.Value, set.GetNumber(DicomTag.RescaleIntercept)!.Value));
        Assert.Equal(((ushort)12, (ushort)16, "MONOCHROME2"), (set.GetUInt16(DicomTag.BitsStored)!.Value, set.GetUInt16(DicomTag.BitsAllocated)!.Value, set.GetString(DicomTag.PhotometricInterpretation)));
        Assert.StartsWith("2.25.", set.GetString(DicomTag.SeriesInstanceUid), StringComparison.Ordinal);
        Assert.NotEqual(set.GetString(DicomTag.SeriesInstanceUid), set.GetString(DicomTag.SopInstanceUid));

        var other = DicomFile.Read(new MemoryStream(SyntheticStudies.ChestRadiograph("2.25.987", 4242, new DateOnly(2023, 11, 2), "ACC-9", opacity: true))).Dataset;
        Assert.NotEqual(set.GetString(DicomTag.SeriesInstanceUid), other.GetString(DicomTag.SeriesInstanceUid));
        Assert.NotEqual(set.GetString(DicomTag.SopInstanceUid), other.GetString(DicomTag.SopInstanceUid));

        var image = DicomImage.FromFrame(file);
        Assert.Equal((Size, Size, 1), (image.Rows, image.Columns, image.Channels));
        Assert.Equal((2048.0, 4096.0), image.DefaultWindow());
        Assert.Contains(image.Values, value => value > 2000);
    }

    [Fact]
    public void The_brain_mri_is_one_reproducible_axial_slice()
    {
        var bytes = SyntheticStudies.BrainMri(Study, 4242, new DateOnly(2023, 11, 2), "ACC-10");
        Assert.Equal(bytes, SyntheticStudies.BrainMri(Study, 4242, new DateOnly(2023, 11, 2), "ACC-10"));
        var file = DicomFile.Read(new MemoryStream(bytes));
        Assert.Equal(("MR", "HEAD", SyntheticStudies.MrImage), (file.Dataset.GetString(DicomTag.Modality), file.Dataset.GetString(DicomTag.BodyPartExamined), file.Dataset.GetString(DicomTag.SopClassUid)));
        var frame = Assert.Single(DicomPixels.Frames(file));
        Assert.Equal((SyntheticStudies.BrainSize, SyntheticStudies.BrainSize), (frame.Rows, frame.Columns));
        var centre = frame.Values[64 * 128 + 40];
        var corner = frame.Values[2 * 128 + 2];
        Assert.True(centre > 400 && corner < 150, $"brain {centre}, background {corner}");
    }
}
