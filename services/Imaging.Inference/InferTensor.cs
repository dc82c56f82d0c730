namespace EdsPlatform.Imaging.Inference;

/// <summary>
/// A named tensor as the inference protocol carries it: KServe datatype, shape and a flat row-major array of the
/// matching .NET type (float[] for FP32 …). Requests and responses, batched or not, are made of these.
/// </summary>
public sealed record InferTensor(string Name, string Datatype, long[] Shape, Array Data)
{
    public static long ElementCount(IEnumerable<long> shape) => shape.Aggregate(1L, (product, dim) => product * dim);

    /// <summary>Rows along the batch (first) dimension.</summary>
    public int Rows => Shape.Length == 0 ? 1 : (int)Shape[0];

    /// <summary>The tensors of several requests (same name, type and trailing dims) as one batch along the first dimension.</summary>
    public static InferTensor Concatenate(IReadOnlyList<InferTensor> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }
        var first = parts[0];
        var data = TensorDatatypes.NewArray(first.Datatype, parts.Sum(p => p.Data.Length));
        var size = TensorDatatypes.ElementSize(first.Datatype);
        var at = 0;
        foreach (var part in parts)
        {
            Buffer.BlockCopy(part.Data, 0, data, at * size, part.Data.Length * size);
            at += part.Data.Length;
        }
        return first with { Shape = [parts.Sum(p => p.Rows), .. first.Shape[1..]], Data = data };
    }

    /// <summary>The rows [<paramref name="start"/>, start + count) of a batched tensor.</summary>
    public InferTensor Slice(int start, int count)
    {
        if (start == 0 && count == Rows)
        {
            return this;
        }
        var perRow = Rows == 0 ? 0 : Data.Length / Rows;
        var size = TensorDatatypes.ElementSize(Datatype);
        var data = TensorDatatypes.NewArray(Datatype, perRow * count);
        Buffer.BlockCopy(Data, start * perRow * size, data, 0, perRow * count * size);
        return this with { Shape = [count, .. Shape[1..]], Data = data };
    }
}
