using Onnx;
using static EdsPlatform.Imaging.ModelBuilder.OnnxGraph;

namespace EdsPlatform.Imaging.ModelBuilder;

/// <summary>The linear head over the blob features: logit = weights · features + bias.</summary>
public sealed record OpacityHead(float[] Weights, float Bias);

/// <summary>
/// The chest-opacity graph: image [N,1,64,64] → Conv (difference-of-Gaussians blob detectors, one channel per scale)
/// → Relu (bright blobs only) → × lung mask → GlobalMaxPool (the strongest blob in a lung) → Flatten → Gemm →
/// opacity_logit [N,1]. Every weight is written here by hand except the head's, which <see cref="HeadCalibration"/>
/// fits on generated radiographs.
/// </summary>
public static class OpacityModel
{
    public const string InputName = "image";
    public const string OutputName = "opacity_logit";
    public const string FeaturesName = "blob_features";

    /// <summary>Inner and outer sigmas in 64-pixel units (4/8 and 6/12 pixels of the 256 radiograph): the smaller
    /// opacities (sigma 6–16 px, 1.5–4 here) are seen by both, and the lung edges reach neither far inside the mask.</summary>
    public static readonly (double Inner, double Outer)[] Scales = [(1.0, 2.0), (1.5, 3.0)];

    // Three outer sigmas of the wider detector: the square still holds 99.5 % of its Gaussian, renormalised to sum 1.
    private const int KernelRadius = 9;
    private const int KernelSize = 2 * KernelRadius + 1;

    // The synthetic chest's nominal lung fields in the 256-pixel radiograph (SyntheticStudies), shrunk by 9 pixels:
    // the per-seed centre jitter (6) plus half the edge ramp (2) and one more, so that the bright body just outside a
    // lung edge, where a blob detector fires too, never falls inside the mask.
    private static readonly (double X, double Y)[] LungCentres = [(80, 120), (176, 120)];
    private const double LungHalfWidth = 40, LungHalfHeight = 70, MaskMargin = 9;
    private const double SourceSize = 256;

    /// <summary>The served model: the trunk, then the head.</summary>
    public static ModelProto Build(OpacityHead head)
    {
        var graph = Trunk();
        graph.Initializer.Add(Tensor("head_weight", [1, Scales.Length], head.Weights));
        graph.Initializer.Add(Tensor("head_bias", [1], [head.Bias]));
        graph.Node.Add(Node("Gemm", "head", [FeaturesName, "head_weight", "head_bias"], [OutputName], Int("transB", 1)));
        graph.Output.Add(Value(OutputName, 1));
        return Model(graph, "Chest opacity (demonstration): the logit of a bright round opacity in a lung field.");
    }

    /// <summary>The trunk alone, its blob features as output: what the head is calibrated on.</summary>
    public static ModelProto BuildFeatures()
    {
        var graph = Trunk();
        graph.Output.Add(Value(FeaturesName, Scales.Length));
        return Model(graph, "Chest opacity trunk: the strongest blob response in the lung fields, per scale.");
    }

    private static GraphProto Trunk()
    {
        var size = Preprocessing.Size;
        var graph = new GraphProto { Name = "chest_opacity" };
        graph.Input.Add(new ValueInfoProto
        {
            Name = InputName,
            Type = TensorType(new TensorShapeProto.Types.Dimension { DimParam = "batch" }, Dim(1), Dim(size), Dim(size)),
        });
        graph.Initializer.Add(Tensor("blob_kernels", [Scales.Length, 1, KernelSize, KernelSize], BlobKernels()));
        graph.Initializer.Add(Tensor("lung_mask", [1, 1, size, size], LungMask()));
        graph.Node.Add(Node("Conv", "blobs", [InputName, "blob_kernels"], ["blob_response"],
            Ints("kernel_shape", KernelSize, KernelSize), Ints("pads", KernelRadius, KernelRadius, KernelRadius, KernelRadius)));
        graph.Node.Add(Node("Relu", "bright", ["blob_response"], ["bright_blobs"]));
        graph.Node.Add(Node("Mul", "in_lungs", ["bright_blobs", "lung_mask"], ["lung_blobs"]));
        graph.Node.Add(Node("GlobalMaxPool", "strongest", ["lung_blobs"], ["strongest_blob"]));
        graph.Node.Add(Node("Flatten", "flatten", ["strongest_blob"], [FeaturesName], Int("axis", 1)));
        return graph;
    }

    /// <summary>Per scale, a narrow Gaussian minus a wide one, both summing to 1: zero on flat lung, positive on a
    /// bright blob about the inner sigma's size, negative just inside a lung's (darker) edge.</summary>
    private static float[] BlobKernels()
    {
        var kernels = new float[Scales.Length * KernelSize * KernelSize];
        for (var channel = 0; channel < Scales.Length; channel++)
        {
            var inner = Gaussian(Scales[channel].Inner);
            var outer = Gaussian(Scales[channel].Outer);
            for (var i = 0; i < inner.Length; i++)
            {
                kernels[channel * inner.Length + i] = (float)(inner[i] - outer[i]);
            }
        }
        return kernels;
    }

    private static double[] Gaussian(double sigma)
    {
        var kernel = new double[KernelSize * KernelSize];
        for (var y = -KernelRadius; y <= KernelRadius; y++)
        {
            for (var x = -KernelRadius; x <= KernelRadius; x++)
            {
                kernel[(y + KernelRadius) * KernelSize + x + KernelRadius] = Math.Exp(-(x * x + y * y) / (2 * sigma * sigma));
            }
        }
        var sum = kernel.Sum();
        return [.. kernel.Select(weight => weight / sum)];
    }

    /// <summary>1 inside either shrunk lung ellipse, 0 elsewhere; a model pixel stands for a 4x4 block of the radiograph.</summary>
    private static float[] LungMask()
    {
        var size = Preprocessing.Size;
        var scale = SourceSize / size;
        var (halfWidth, halfHeight) = (LungHalfWidth - MaskMargin, LungHalfHeight - MaskMargin);
        var mask = new float[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var (sourceX, sourceY) = ((x + 0.5) * scale - 0.5, (y + 0.5) * scale - 0.5);
                var inLung = LungCentres.Any(centre =>
                    Math.Pow((sourceX - centre.X) / halfWidth, 2) + Math.Pow((sourceY - centre.Y) / halfHeight, 2) <= 1);
                mask[y * size + x] = inLung ? 1 : 0;
            }
        }
        return mask;
    }
}
