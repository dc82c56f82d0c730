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
    PostprocessingConfig? Postprocessing = null)
{
    public const string OnnxPlatform = "onnxruntime_onnx";

    private static readonly string[] DataTypes = ["TYPE_FP32", "TYPE_FP16", "TYPE_INT64", "TYPE_INT32", "TYPE_UINT8", "TYPE_INT8", "TYPE_BOOL"];

    internal static readonly JsonSerializerOptions Json = new()
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
        return problems;
    }
}
