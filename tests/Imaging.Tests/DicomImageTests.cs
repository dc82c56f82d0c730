using EdsPlatform.Imaging.Dicom;

namespace EdsPlatform.Imaging.Tests;

/// <summary>Rendering checked against PS3.3 C.11.2.1.2.1 computed here, pixel by pixel, on real files and written ones.</summary>
public sealed class DicomImageTests
{
    private static readonly int[] Probes = [0, 17, 1000, 2080, 4095];

    private static DicomFile Open(string name) => DicomFile.Open(Path.Combine(AppContext.BaseDirectory, "Data", "dicom", name));

    /// <summary>The standard's linear function, output 0..255, written out as the standard writes it.</summary>
    private static byte Expected(double x, double c, double w)
    {
        double y;
        if (x <= c - 0.5 - (w - 1) / 2)
        {
            y = 0;
        }
        else if (x > c - 0.5 + (w - 1) / 2)
        {
            y = 255;
        }
        else
        {
            y = ((x - (c - 0.5)) / (w - 1) + 0.5) * (255 - 0) + 0;
        }
        return (byte)Math.Round(y, MidpointRounding.AwayFromZero);
    }

    [Theory]
    [InlineData("MR_small.dcm", 600, 1200)]
    [InlineData("MR_small.dcm", 300, 1)]
    [InlineData("CT_small.dcm", 40, 400)]
    [InlineData("CT_small.dcm", -600, 1500)]
    public void Windowing_follows_the_standard_on_modality_values(string name, double center, double width)
    {
        var file = Open(name);
        var stored = Assert.Single(DicomPixels.Frames(file)).Values;
        var slope = file.Dataset.GetNumber(DicomTag.RescaleSlope) ?? 1;
        var intercept = file.Dataset.GetNumber(DicomTag.RescaleIntercept) ?? 0;
        var image = DicomImage.FromFrame(file);
        var windowed = image.Windowed(center, width);
        var normalised = image.Normalised(center, width);

        Assert.Equal((1, stored.Length), (image.Channels, windowed.Length));
        foreach (var i in Probes.Where(i => i < stored.Length))
        {
            var modality = stored[i] * slope + intercept;
            Assert.Equal(modality, image.Values[i], 3);
            Assert.Equal(Expected(modality, center, width), windowed[i]);
            Assert.Equal(Expected(modality, center, width) / 255.0, normalised[i], 0.003);
        }
        Assert.Contains(windowed, level => level is > 0 and < 255 || width == 1);
    }

    [Fact]
    public void The_CT_rescale_gives_Hounsfield_units_and_without_a_window_the_default_spans_the_values()
    {
        var file = Open("CT_small.dcm");
        Assert.Equal((1.0, -1024.0), (file.Dataset.GetNumber(DicomTag.RescaleSlope)!.Value, file.Dataset.GetNumber(DicomTag.RescaleIntercept)!.Value));
        var stored = Assert.Single(DicomPixels.Frames(file)).Values;
        var image = DicomImage.FromFrame(file);
        Assert.Equal(stored.Select(value => value - 1024f), image.Values);

        Assert.Null(image.WindowCenter);
        var (center, width) = image.DefaultWindow();
        Assert.Equal((image.Values.Min() + (double)image.Values.Max()) / 2, center, 6);
        Assert.Equal(image.Values.Max() - (double)image.Values.Min(), width, 6);
        var levels = image.Windowed(center, width);
        Assert.Equal((0, 255), (levels.Min(), levels.Max()));
    }

    [Fact]
    public void The_files_first_window_is_the_default()
    {
        var image = DicomImage.FromFrame(Open("MR_small.dcm"));
        Assert.Equal((600.0, 1600.0), image.DefaultWindow());
        Assert.Throws<ArgumentOutOfRangeException>(() => image.Windowed(600, 0.5));
    }

    [Fact]
    public void Monochrome1_is_inverted_after_the_window()
    {
        ushort[] pixels = [0, 100, 200, 300, 400, 511];
        var mono2 = DicomImage.FromFrame(Gray(pixels, "MONOCHROME2"));
        var mono1 = DicomImage.FromFrame(Gray(pixels, "MONOCHROME1"));
        Assert.True(mono1.Monochrome1);
        Assert.Equal((200.0, 300.0), (mono1.WindowCenter!.Value, mono1.WindowWidth!.Value));
        Assert.Equal(pixels.Select(p => (byte)(255 - Expected(p, 200, 300))), mono1.Windowed(200, 300));
        Assert.Equal(pixels.Select(p => Expected(p, 200, 300)), mono2.Windowed(200, 300));
        Assert.Equal(mono2.Normalised(200, 300).Select(v => 1 - v), mono1.Normalised(200, 300), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(255, mono1.Windowed(200, 300)[0]);
    }

    [Fact]
    public void Rgb_by_plane_and_by_pixel_render_alike_and_are_not_windowed()
    {
        byte[] interleaved = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
        byte[] planes = [255, 0, 0, 10, 0, 255, 0, 20, 0, 0, 255, 30];
        var byPixel = DicomImage.FromFrame(Rgb(interleaved, planar: 0));
        var byPlane = DicomImage.FromFrame(Rgb(planes, planar: 1));
        Assert.Equal(3, byPlane.Channels);
        Assert.Equal(interleaved.Select(b => (float)b), byPlane.Values);
        Assert.Equal(byPixel.Values, byPlane.Values);
        Assert.Equal(interleaved, byPlane.Windowed(0, 1)); // colour passes through whatever the window
        Assert.Equal(interleaved.Select(b => b / 255f), byPlane.Normalised(0, 1), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Other_photometric_interpretations_are_refused_by_name()
    {
        var file = DicomFile.Read(new MemoryStream(DicomWriter.Write(Pixels(2, 2, 3, "YBR_FULL", new byte[12]), "1.2.3", "1.2.3.4")));
        var failure = Assert.Throws<DicomFormatException>(() => DicomImage.FromFrame(file));
        Assert.Contains("YBR_FULL", failure.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomImage.FromFrame(Open("MR_small.dcm"), 1));
    }

    private static DicomFile Gray(ushort[] pixels, string photometric)
    {
        var set = new DicomDatasetBuilder()
            .Add(DicomTag.SamplesPerPixel, "US", 1)
            .Add(DicomTag.PhotometricInterpretation, "CS", photometric)
            .Add(DicomTag.Rows, "US", 1)
            .Add(DicomTag.Columns, "US", pixels.Length)
            .Add(DicomTag.BitsAllocated, "US", 16)
            .Add(DicomTag.BitsStored, "US", 12)
            .Add(DicomTag.PixelRepresentation, "US", 0)
            .Add(DicomTag.WindowCenter, "DS", "200\\100")
            .Add(DicomTag.WindowWidth, "DS", "300\\50")
            .Add(DicomTag.PixelData, "OW", pixels);
        return DicomFile.Read(new MemoryStream(DicomWriter.Write(set, "1.2.3", "1.2.3.4")));
    }

    private static DicomFile Rgb(byte[] pixels, int planar) =>
        DicomFile.Read(new MemoryStream(DicomWriter.Write(Pixels(2, 2, 3, "RGB", pixels).Add(DicomTag.PlanarConfiguration, "US", planar), "1.2.3", "1.2.3.4")));

    private static DicomDatasetBuilder Pixels(int rows, int columns, int samples, string photometric, byte[] pixels) => new DicomDatasetBuilder()
        .Add(DicomTag.SamplesPerPixel, "US", samples)
        .Add(DicomTag.PhotometricInterpretation, "CS", photometric)
        .Add(DicomTag.Rows, "US", rows)
        .Add(DicomTag.Columns, "US", columns)
        .Add(DicomTag.BitsAllocated, "US", 8)
        .Add(DicomTag.BitsStored, "US", 8)
        .Add(DicomTag.PixelRepresentation, "US", 0)
        .Add(DicomTag.PixelData, "OB", pixels);
}
