using Microsoft.ML.OnnxRuntime;

namespace EdsPlatform.Imaging.Inference;

/// <summary>Between <see cref="InferTensor"/> and ONNX Runtime's values, without copying the inputs (they are pinned).</summary>
internal static class OrtTensors
{
    public static OrtValue ToOrt(InferTensor tensor) => tensor.Data switch
    {
        float[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        double[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        long[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        int[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        byte[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        sbyte[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        bool[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        _ => throw new ArgumentException($"Tensor '{tensor.Name}' holds {tensor.Data.GetType().Name}, not a served type."),
    };

    public static InferTensor FromOrt(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var datatype = TensorDatatypes.FromOnnx(info.ElementDataType);
        Array data = datatype switch
        {
            TensorDatatypes.Fp32 => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorDatatypes.Fp64 => value.GetTensorDataAsSpan<double>().ToArray(),
            TensorDatatypes.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            TensorDatatypes.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            TensorDatatypes.Uint8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            TensorDatatypes.Int8 => value.GetTensorDataAsSpan<sbyte>().ToArray(),
            TensorDatatypes.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            _ => throw new InferenceException(500, "Unsupported output", $"Output '{name}' is of type {datatype}, which this server does not return."),
        };
        return new InferTensor(name, datatype, info.Shape, data);
    }
}
