using Microsoft.ML.OnnxRuntime;

namespace EdsPlatform.Imaging.ModelBuilder;

/// <summary>A model on ONNX Runtime's CPU provider, fed in batches of the served maximum (32).</summary>
public sealed class OnnxScorer(byte[] model) : IDisposable
{
    public const int BatchSize = 32;

    private readonly InferenceSession _session = new(model);

    /// <summary>The model's first output, one row per image.</summary>
    public IReadOnlyList<float[]> Run(IReadOnlyList<float[]> images)
    {
        var rows = new List<float[]>(images.Count);
        using var options = new RunOptions();
        foreach (var batch in images.Chunk(BatchSize))
        {
            float[] data = [.. batch.SelectMany(image => image)];
            using var input = OrtValue.CreateTensorValueFromMemory(data, [batch.Length, 1, Preprocessing.Size, Preprocessing.Size]);
            using var outputs = _session.Run(options, [_session.InputNames[0]], [input], [_session.OutputNames[0]]);
            var values = outputs[0].GetTensorDataAsSpan<float>();
            var width = values.Length / batch.Length;
            for (var i = 0; i < batch.Length; i++)
            {
                rows.Add(values.Slice(i * width, width).ToArray());
            }
        }
        return rows;
    }

    public void Dispose() => _session.Dispose();
}
