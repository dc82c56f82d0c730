namespace EdsPlatform.Imaging.ModelBuilder;

/// <summary>How the radiograph is brought to the model's 64x64: an area mean, or plain bilinear sampling.</summary>
public enum Resize
{
    /// <summary>The mean of each source block (OpenCV's INTER_AREA, antialiased bilinear): the reference.</summary>
    Area,

    /// <summary>Bilinear with half-pixel centres and no antialiasing: what a naive resize gives, kept to show the margin.</summary>
    Bilinear,
}

/// <summary>
/// The pre-processing the serving code does before the model (config.json's <c>preprocessing</c>): a linear window
/// of centre 2048 and width 4096 onto [0, 1] (about value / 4096), then a resize to 64x64, one channel.
/// </summary>
public static class Preprocessing
{
    public const double WindowCenter = 2048;
    public const double WindowWidth = 4096;
    public const int Size = 64;

    public static float[] Apply(ushort[] pixels, int width, int height, Resize resize)
    {
        // DICOM's linear VOI function (PS3.3 C.11.2.1.2.1) with output range 0..1, as the serving code applies it.
        var windowed = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            windowed[i] = (float)Math.Clamp((pixels[i] - (WindowCenter - 0.5)) / (WindowWidth - 1) + 0.5, 0, 1);
        }
        return resize == Resize.Area ? AreaMean(windowed, width, height) : Bilinear(windowed, width, height);
    }

    private static float[] AreaMean(float[] image, int width, int height)
    {
        if (width % Size != 0 || height % Size != 0)
        {
            throw new ArgumentException($"an area resize here needs sides that are multiples of {Size}, not {width}x{height}");
        }
        var (blockX, blockY) = (width / Size, height / Size);
        var resized = new float[Size * Size];
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var sum = 0.0;
                for (var dy = 0; dy < blockY; dy++)
                {
                    for (var dx = 0; dx < blockX; dx++)
                    {
                        sum += image[(y * blockY + dy) * width + x * blockX + dx];
                    }
                }
                resized[y * Size + x] = (float)(sum / (blockX * blockY));
            }
        }
        return resized;
    }

    private static float[] Bilinear(float[] image, int width, int height)
    {
        var resized = new float[Size * Size];
        for (var y = 0; y < Size; y++)
        {
            var (top, bottom, fy) = Neighbours(y, height);
            for (var x = 0; x < Size; x++)
            {
                var (left, right, fx) = Neighbours(x, width);
                var upper = image[top * width + left] * (1 - fx) + image[top * width + right] * fx;
                var lower = image[bottom * width + left] * (1 - fx) + image[bottom * width + right] * fx;
                resized[y * Size + x] = (float)(upper * (1 - fy) + lower * fy);
            }
        }
        return resized;
    }

    /// <summary>The two source pixels around an output pixel's centre (half-pixel convention) and the weight of the second.</summary>
    private static (int First, int Second, double Fraction) Neighbours(int index, int sourceSize)
    {
        var position = Math.Clamp((index + 0.5) * sourceSize / Size - 0.5, 0, sourceSize - 1);
        var first = (int)Math.Floor(position);
        return (first, Math.Min(first + 1, sourceSize - 1), position - first);
    }
}
