namespace EdsPlatform.Imaging.Dicom;

/// <summary>
/// Modality values of one frame (rescale slope and intercept applied), grayscale or RGB with the channels interleaved
/// (planar configuration 1 converted), with the file's first window: what a display or a model starts from.
/// </summary>
public sealed record DicomImage(int Rows, int Columns, int Channels, float[] Values, double? WindowCenter, double? WindowWidth, bool Monochrome1)
{
    public static DicomImage FromFrame(DicomFile file, int frame = 0)
    {
        var frames = DicomPixels.Frames(file);
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, frames.Count);
        var pixels = frames[frame];
        var set = file.Dataset;
        var photometric = set.GetString(DicomTag.PhotometricInterpretation)?.Trim() ?? "MONOCHROME2";
        var channels = photometric switch
        {
            "MONOCHROME1" or "MONOCHROME2" => 1,
            "RGB" => 3,
            _ => throw new DicomFormatException($"Photometric interpretation {photometric} is not rendered; MONOCHROME1, MONOCHROME2 and RGB are."),
        };
        if (pixels.SamplesPerPixel != channels)
        {
            throw new DicomFormatException($"Photometric interpretation {photometric} with {pixels.SamplesPerPixel} samples per pixel.");
        }
        if (channels == 1)
        {
            // The modality LUT (PS3.3 C.11.1): grayscale only, identity when the file has no rescale.
            var slope = set.GetNumber(DicomTag.RescaleSlope) ?? 1;
            var intercept = set.GetNumber(DicomTag.RescaleIntercept) ?? 0;
            var values = Array.ConvertAll(pixels.Values, stored => (float)(stored * slope + intercept));
            return new DicomImage(pixels.Rows, pixels.Columns, 1, values, set.GetNumber(DicomTag.WindowCenter), set.GetNumber(DicomTag.WindowWidth), photometric == "MONOCHROME1");
        }
        // RLE decoding already interleaves its per-sample segments; only native colour-by-plane pixels need it.
        var planar = set.GetUInt16(DicomTag.PlanarConfiguration) == 1 && set[DicomTag.PixelData]?.Fragments is null;
        var colour = planar ? Interleave(pixels.Values, channels) : pixels.Values;
        return new DicomImage(pixels.Rows, pixels.Columns, channels, Array.ConvertAll(colour, value => (float)value), null, null, false);
    }

    /// <summary>The file's window, else one spanning the values (never narrower than 1, which the VOI function requires).</summary>
    public (double Center, double Width) DefaultWindow()
    {
        if (WindowCenter is { } center && WindowWidth is { } width and >= 1)
        {
            return (center, width);
        }
        var (min, max) = Values.Length == 0 ? (0f, 0f) : (Values.Min(), Values.Max());
        return ((min + (double)max) / 2, Math.Max(max - (double)min, 1));
    }

    /// <summary>8-bit display values: the linear VOI window for grayscale (MONOCHROME1 inverted), RGB clamped as it is.</summary>
    public byte[] Windowed(double center, double width) => Array.ConvertAll(Unit(center, width), unit =>
    {
        var level = (byte)Math.Round(unit * 255, MidpointRounding.AwayFromZero);
        return Monochrome1 ? (byte)(255 - level) : level;
    });

    /// <summary>The same window to 0..1 floats, the input range most models are trained on.</summary>
    public float[] Normalised(double center, double width) =>
        Array.ConvertAll(Unit(center, width), unit => (float)(Monochrome1 ? 1 - unit : unit));

    /// <summary>
    /// PS3.3 C.11.2.1.2.1, the linear VOI LUT function with output range 0..1 (MONOCHROME1 is inverted by the callers,
    /// after rounding, so that its bytes are exactly 255 minus MONOCHROME2's): below c - 0.5 - (w-1)/2 is 0, above
    /// c - 0.5 + (w-1)/2 is 1, linear between. Colour values are not windowed, only scaled from 0..255.
    /// </summary>
    private double[] Unit(double center, double width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (Channels != 1)
        {
            return Array.ConvertAll(Values, value => Math.Clamp(value, 0, 255) / 255.0);
        }
        var low = center - 0.5 - (width - 1) / 2;
        var high = center - 0.5 + (width - 1) / 2;
        return Array.ConvertAll(Values, value => value <= low ? 0 : value > high ? 1 : (value - (center - 0.5)) / (width - 1) + 0.5);
    }

    /// <summary>Planar configuration 1 (all reds, then all greens, then all blues) to pixel-interleaved samples.</summary>
    private static int[] Interleave(int[] planes, int channels)
    {
        var pixels = planes.Length / channels;
        var interleaved = new int[planes.Length];
        for (var p = 0; p < pixels; p++)
        {
            for (var c = 0; c < channels; c++)
            {
                interleaved[p * channels + c] = planes[c * pixels + p];
            }
        }
        return interleaved;
    }
}
