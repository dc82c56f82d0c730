using EdsPlatform.Imaging.Contracts;
using EdsPlatform.Imaging.Dicom;

namespace EdsPlatform.Imaging.Inference;

/// <summary>
/// The steps around a model that Triton leaves to ensembles: a DICOM image to the model's input tensor (window,
/// resize, channels, normalisation, as the model's preprocessing says), and its raw scores to findings (softmax or
/// sigmoid, threshold, labels).
/// </summary>
public static class ImagePreprocessing
{
    /// <summary>A batch-of-one input tensor for the model's first input, in channels × rows × columns order.</summary>
    public static InferTensor Input(ModelConfig config, DicomImage image)
    {
        var pre = config.Preprocessing ?? new PreprocessingConfig();
        var (center, width) = pre.WindowCenter is { } c && pre.WindowWidth is { } w ? (c, w) : image.DefaultWindow();
        var unit = image.Normalised(center, width);
        var (rows, columns) = pre.Resize is [var r, var cc] ? (r, cc) : (image.Rows, image.Columns);
        var input = config.Input[0];
        long[] shape = [.. config.RequestShape(input).Select(dim => dim == -1 ? 1 : dim)];
        if (InferTensor.ElementCount(shape) != (long)pre.Channels * rows * columns)
        {
            throw InferenceException.BadRequest(
                $"Model '{config.Name}' takes [{string.Join(", ", shape)}]; its preprocessing makes {pre.Channels}×{rows}×{columns} from this image.");
        }
        var data = new float[pre.Channels * rows * columns];
        for (var channel = 0; channel < pre.Channels; channel++)
        {
            var plane = Plane(unit, image, pre.Channels == 3 ? Math.Min(channel, image.Channels - 1) : -1);
            var resized = pre.Interpolation == "area" ? Area(plane, image.Rows, image.Columns, rows, columns) : Bilinear(plane, image.Rows, image.Columns, rows, columns);
            var (mean, std) = (pre.Mean?[channel] ?? 0, pre.Std?[channel] ?? 1);
            for (var i = 0; i < resized.Length; i++)
            {
                data[channel * rows * columns + i] = (float)((resized[i] - mean) / std);
            }
        }
        return new InferTensor(input.Name, TensorDatatypes.Fp32, shape, data);
    }

    /// <summary>Findings from one row of scores: probabilities after the model's softmax or sigmoid, positive at the threshold.</summary>
    public static IReadOnlyList<StudyFinding> Findings(ModelConfig config, float[] scores, IReadOnlyList<string> labels)
    {
        var post = config.Postprocessing ?? new PostprocessingConfig();
        double[] probabilities = post.Softmax ? Softmax(scores) : post.Sigmoid ? [.. scores.Select(s => 1 / (1 + Math.Exp(-s)))] : [.. scores.Select(s => (double)s)];
        var best = Array.IndexOf(probabilities, probabilities.Max());
        return [.. probabilities.Select((p, i) => new StudyFinding(
            i < labels.Count ? labels[i] : $"class {i}",
            Math.Round(p, 6),
            post.Sigmoid ? p >= (post.Threshold ?? 0.5) : i == best && p >= (post.Threshold ?? 0)))];
    }

    private static double[] Softmax(float[] scores)
    {
        var max = scores.Max();
        var exps = scores.Select(s => Math.Exp(s - max)).ToArray();
        var sum = exps.Sum();
        return [.. exps.Select(e => e / sum)];
    }

    /// <summary>One channel of the image (channel -1: grey, the luminance of a colour image).</summary>
    private static float[] Plane(float[] unit, DicomImage image, int channel)
    {
        if (image.Channels == 1)
        {
            return unit;
        }
        var plane = new float[image.Rows * image.Columns];
        for (var p = 0; p < plane.Length; p++)
        {
            plane[p] = channel >= 0 ? unit[p * 3 + channel] : 0.299f * unit[p * 3] + 0.587f * unit[p * 3 + 1] + 0.114f * unit[p * 3 + 2];
        }
        return plane;
    }

    private static float[] Bilinear(float[] source, int sourceRows, int sourceColumns, int rows, int columns)
    {
        if (sourceRows == rows && sourceColumns == columns)
        {
            return source;
        }
        var target = new float[rows * columns];
        var (scaleY, scaleX) = ((double)sourceRows / rows, (double)sourceColumns / columns);
        for (var y = 0; y < rows; y++)
        {
            var sy = Math.Clamp((y + 0.5) * scaleY - 0.5, 0, sourceRows - 1);
            var (y0, fy) = ((int)sy, sy - (int)sy);
            var y1 = Math.Min(y0 + 1, sourceRows - 1);
            for (var x = 0; x < columns; x++)
            {
                var sx = Math.Clamp((x + 0.5) * scaleX - 0.5, 0, sourceColumns - 1);
                var (x0, fx) = ((int)sx, sx - (int)sx);
                var x1 = Math.Min(x0 + 1, sourceColumns - 1);
                var top = source[y0 * sourceColumns + x0] * (1 - fx) + source[y0 * sourceColumns + x1] * fx;
                var bottom = source[y1 * sourceColumns + x0] * (1 - fx) + source[y1 * sourceColumns + x1] * fx;
                target[y * columns + x] = (float)(top * (1 - fy) + bottom * fy);
            }
        }
        return target;
    }

    /// <summary>Each target pixel is the mean of the source pixels whose centres fall in its area (exact box averaging for whole factors).</summary>
    private static float[] Area(float[] source, int sourceRows, int sourceColumns, int rows, int columns)
    {
        var target = new float[rows * columns];
        for (var y = 0; y < rows; y++)
        {
            var (fromY, toY) = (y * sourceRows / rows, Math.Max(y * sourceRows / rows + 1, (y + 1) * sourceRows / rows));
            for (var x = 0; x < columns; x++)
            {
                var (fromX, toX) = (x * sourceColumns / columns, Math.Max(x * sourceColumns / columns + 1, (x + 1) * sourceColumns / columns));
                double sum = 0;
                for (var sy = fromY; sy < toY; sy++)
                {
                    for (var sx = fromX; sx < toX; sx++)
                    {
                        sum += source[sy * sourceColumns + sx];
                    }
                }
                target[y * columns + x] = (float)(sum / ((toY - fromY) * (toX - fromX)));
            }
        }
        return target;
    }
}
