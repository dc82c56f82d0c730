using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdsPlatform.Imaging.Inference;

/// <summary>
/// The tensor element types served, by their KServe v2 names (FP32 …); Triton's configuration writes them TYPE_FP32 ….
/// FP16 and BF16 are not served: nothing in the repository needs them and .NET has no JSON form for them.
/// </summary>
public static class TensorDatatypes
{
    public const string Fp32 = "FP32";
    public const string Fp64 = "FP64";
    public const string Int64 = "INT64";
    public const string Int32 = "INT32";
    public const string Uint8 = "UINT8";
    public const string Int8 = "INT8";
    public const string Bool = "BOOL";

    public static IReadOnlyList<string> All { get; } = [Fp32, Fp64, Int64, Int32, Uint8, Int8, Bool];

    public static string ToConfig(string datatype) => "TYPE_" + datatype;

    public static string FromConfig(string configType) => configType.StartsWith("TYPE_", StringComparison.Ordinal) ? configType[5..] : configType;

    public static int ElementSize(string datatype) => datatype switch
    {
        Fp64 or Int64 => 8,
        Fp32 or Int32 => 4,
        _ => 1,
    };

    /// <summary>A zeroed array of <paramref name="count"/> elements of the type.</summary>
    public static Array NewArray(string datatype, int count) => datatype switch
    {
        Fp32 => new float[count],
        Fp64 => new double[count],
        Int64 => new long[count],
        Int32 => new int[count],
        Uint8 => new byte[count],
        Int8 => new sbyte[count],
        Bool => new bool[count],
        _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "not a served datatype"),
    };

    public static string FromOnnx(TensorElementType type) => type switch
    {
        TensorElementType.Float => Fp32,
        TensorElementType.Double => Fp64,
        TensorElementType.Int64 => Int64,
        TensorElementType.Int32 => Int32,
        TensorElementType.UInt8 => Uint8,
        TensorElementType.Int8 => Int8,
        TensorElementType.Bool => Bool,
        _ => type.ToString().ToUpperInvariant(),
    };
}
