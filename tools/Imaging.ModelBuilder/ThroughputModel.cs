using Google.Protobuf;
using Onnx;
using static EdsPlatform.Imaging.ModelBuilder.OnnxGraph;

namespace EdsPlatform.Imaging.ModelBuilder;

/// <summary>
/// A benchmark model with the cost profile where dynamic batching pays on a CPU: a dense classifier over the 64×64
/// image (4096 → 2048 → 2048 → 2, 48 MB of weights). At batch 1 every request streams all the weights from memory;
/// a batch reads them once for all its rows. Deterministic pseudo-random weights: it decides nothing, it costs like a model.
/// </summary>
public static class ThroughputModel
{
    public const string Name = "dense-benchmark";
    private static readonly int[] Widths = [64 * 64, 2048, 2048, 2];

    /// <summary>Writes the model as the repository folder <paramref name="name"/> (config.json, with or without dynamic batching; version 1).</summary>
    public static void WriteRepositoryFolder(string repository, string name, bool dynamicBatching)
    {
        var folder = Directory.CreateDirectory(Path.Combine(repository, name, "1")).Parent!.FullName;
        File.WriteAllBytes(Path.Combine(folder, "1", "model.onnx"), Build().ToByteArray());
        var batching = dynamicBatching ? """, "dynamic_batching": { "max_queue_delay_microseconds": 2000, "preferred_batch_size": [ 16, 32 ], "max_queue_size": 1024 }""" : "";
        File.WriteAllText(Path.Combine(folder, "config.json"), $$"""
            {
              "name": "{{name}}", "platform": "onnxruntime_onnx", "max_batch_size": 32,
              "input": [ { "name": "image", "data_type": "TYPE_FP32", "dims": [ 1, 64, 64 ] } ],
              "output": [ { "name": "scores", "data_type": "TYPE_FP32", "dims": [ 2 ] } ]{{batching}}
            }
            """);
    }

    public static ModelProto Build()
    {
        var graph = new GraphProto { Name = "dense_benchmark" };
        graph.Input.Add(new ValueInfoProto
        {
            Name = "image",
            Type = TensorType(new TensorShapeProto.Types.Dimension { DimParam = "batch" }, Dim(1), Dim(64), Dim(64)),
        });
        graph.Node.Add(Node("Flatten", "flatten", ["image"], ["layer0"], Int("axis", 1)));
        var random = new Random(20261129);
        for (var layer = 0; layer < Widths.Length - 1; layer++)
        {
            var (inputs, outputs) = (Widths[layer], Widths[layer + 1]);
            var scale = (float)Math.Sqrt(2.0 / inputs);
            graph.Initializer.Add(Tensor($"weight{layer}", [inputs, outputs], [.. Enumerable.Range(0, inputs * outputs).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale)]));
            graph.Initializer.Add(Tensor($"bias{layer}", [outputs], new float[outputs]));
            var last = layer == Widths.Length - 2;
            var output = last ? "scores" : $"dense{layer}";
            graph.Node.Add(Node("Gemm", $"gemm{layer}", [$"layer{layer}", $"weight{layer}", $"bias{layer}"], [output]));
            if (!last)
            {
                graph.Node.Add(Node("Relu", $"relu{layer}", [output], [$"layer{layer + 1}"]));
            }
        }
        graph.Output.Add(Value("scores", Widths[^1]));
        return Model(graph, "Dense benchmark model: pseudo-random weights, for throughput measurements only.");
    }
}
