using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdsPlatform.Imaging.Inference;

/// <summary>A tensor a model takes or gives: Triton's name, data type (TYPE_FP32 …) and dims (-1: variable).</summary>
public sealed record TensorConfig(string Name, string DataType, IReadOnlyList<long> Dims, string? LabelFilename = null);

/// <summary>Triton's dynamic batching: how long a request may wait for others, preferred sizes, queue bounds.</summary>
public sealed record DynamicBatchingConfig(long MaxQueueDelayMicroseconds = 0, IReadOnlyList<int>? PreferredBatchSize = null, int MaxQueueSize = 0,
    long DefaultTimeoutMicroseconds = 0);

/// <summary>How many copies of the model run at once, and where (KIND_AUTO, KIND_GPU, KIND_CPU).</summary>
public sealed record InstanceGroupConfig(int Count = 1, string Kind = "KIND_AUTO");

/// <summary>Which versions are served: the latest N, specific ones, or all (Triton's version_policy).</summary>
public sealed record VersionPolicyConfig(LatestVersions? Latest = null, SpecificVersions? Specific = null, JsonElement? All = null);

public sealed record LatestVersions(int NumVersions = 1);

public sealed record SpecificVersions(IReadOnlyList<long> Versions);

/// <summary>After the model: softmax or sigmoid over the scores, and a decision threshold.</summary>
public sealed record PostprocessingConfig(bool Softmax = false, bool Sigmoid = false, double? Threshold = null);

/// <summary>
/// From a DICOM image to the model's input (what Triton leaves to an ensemble): a linear VOI window to 0..1 (the file's
/// own window when absent), a resize to [rows, columns] ("bilinear", half-pixel centres as PyTorch and OpenCV, or "area",
/// the mean of the source pixels each target pixel covers), the channel count, then (value − mean) / std per channel.
/// </summary>
public sealed record PreprocessingConfig(double? WindowCenter = null, double? WindowWidth = null, IReadOnlyList<int>? Resize = null, string Interpolation = "bilinear",
    int Channels = 1, IReadOnlyList<double>? Mean = null, IReadOnlyList<double>? Std = null);

/// <summary>Which series a model runs on (MONAI Deploy's series selector): DICOM values matched exactly, any case; the description as a regular expression.</summary>
public sealed record SelectionConfig(IReadOnlyList<string>? Modality = null, IReadOnlyList<string>? BodyPartExamined = null, string? SeriesDescription = null);

/// <summary>
/// A model's configuration (<c>config.json</c>): the subset of Triton's model configuration the platform reads, in
/// Triton's field names, plus the image pre/post-processing Triton leaves to ensembles.
/// </summary>
public sealed record ModelConfig(
    string Name,
    string Platform,
    int MaxBatchSize,
    IReadOnlyList<TensorConfig> Input,
    IReadOnlyList<TensorConfig> Output,
    DynamicBatchingConfig? DynamicBatching = null,
    IReadOnlyList<InstanceGroupConfig>? InstanceGroup = null,
    VersionPolicyConfig? VersionPolicy = null,
    PostprocessingConfig? Postprocessing = null,
    PreprocessingConfig? Preprocessing = null,
    SelectionConfig? Selection = null)
{
    public const string OnnxPlatform = "onnxruntime_onnx";

    private static readonly string[] DataTypes = [.. TensorDatatypes.All.Select(TensorDatatypes.ToConfig)];

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>What is wrong with the configuration, one sentence per problem (empty when it can be served).</summary>
    public IReadOnlyList<string> Problems(string folderName)
    {
        var problems = new List<string>();
        if (Name != folderName)
        {
            problems.Add($"name '{Name}' differs from its folder '{folderName}'");
        }
        if (Platform != OnnxPlatform)
        {
            problems.Add($"platform '{Platform}': only {OnnxPlatform} is served");
        }
        if (MaxBatchSize < 0)
        {
            problems.Add("max_batch_size is 0 (no batching) or more");
        }
        if (Input is not { Count: > 0 } || Output is not { Count: > 0 })
        {
            problems.Add("at least one input and one output");
        }
        foreach (var tensor in (Input ?? []).Concat(Output ?? []))
        {
            if (!DataTypes.Contains(tensor.DataType))
            {
                problems.Add($"tensor '{tensor.Name}': data_type {tensor.DataType} is not one of {string.Join(", ", DataTypes)}");
            }
            if (tensor.Dims is not { Count: > 0 } || tensor.Dims.Any(d => d is 0 or < -1))
            {
                problems.Add($"tensor '{tensor.Name}': dims are positive, or -1 for a variable size");
            }
        }
        if (DynamicBatching is { } batching && (MaxBatchSize == 0 || batching.MaxQueueDelayMicroseconds < 0 || batching.MaxQueueSize < 0
            || batching.PreferredBatchSize?.Any(size => size < 1 || size > MaxBatchSize) == true))
        {
            problems.Add("dynamic_batching needs max_batch_size > 0, non-negative delays and queue size, preferred sizes within max_batch_size");
        }
        if (InstanceGroup?.Any(group => group.Count < 1 || group.Kind is not ("KIND_AUTO" or "KIND_GPU" or "KIND_CPU")) == true)
        {
            problems.Add("instance_group: count ≥ 1, kind KIND_AUTO, KIND_GPU or KIND_CPU");
        }
        if (VersionPolicy is { } policy && new object?[] { policy.Latest, policy.Specific, policy.All }.Count(p => p is not null) > 1)
        {
            problems.Add("version_policy: one of latest, specific or all");
        }
        if (Postprocessing is { Softmax: true, Sigmoid: true })
        {
            problems.Add("postprocessing: softmax or sigmoid, not both");
        }
        if (Preprocessing is { } pre && (pre.Channels is not (1 or 3) || pre.Interpolation is not ("bilinear" or "area") || pre.WindowWidth <= 0 || pre.Resize is { } resize && (resize.Count != 2 || resize.Any(r => r is < 1 or > 4096))
            || pre.Mean is { } mean && mean.Count != pre.Channels || pre.Std is { } std && (std.Count != pre.Channels || std.Any(s => s <= 0))))
        {
            problems.Add("preprocessing: channels 1 or 3, interpolation bilinear or area, window_width > 0, resize [rows, columns] within 1..4096, mean and std one value per channel (std > 0)");
        }
        if (Selection?.SeriesDescription is { } pattern && !IsRegex(pattern))
        {
            problems.Add($"selection: series_description '{pattern}' is not a regular expression");
        }
        return problems;
    }

    /// <summary>The input and output dims as requests carry them: with batching, the batch dimension (-1) comes first.</summary>
    public long[] RequestShape(TensorConfig tensor) => MaxBatchSize > 0 ? [-1, .. tensor.Dims] : [.. tensor.Dims];

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
