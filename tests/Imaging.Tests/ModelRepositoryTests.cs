using EdsPlatform.Imaging.Inference;

namespace EdsPlatform.Imaging.Tests;

/// <summary>The model repository in Triton's layout: the shipped one, version policies, and broken models reported without hiding the others.</summary>
public sealed class ModelRepositoryTests : IDisposable
{
    private readonly string _repository = Directory.CreateTempSubdirectory("eds-models-").FullName;

    [Fact]
    public void The_shipped_repository_serves_the_development_model()
    {
        var models = ModelRepository.Scan(Path.Combine(AppContext.BaseDirectory, "models")).ToDictionary(m => m.Name);
        Assert.Equal(["chest-opacity", "mnist"], models.Keys.Order());
        Assert.True(models["chest-opacity"].Servable, models["chest-opacity"].Problem);
        var mnist = models["mnist"];
        Assert.True(mnist.Servable, mnist.Problem);
        Assert.Equal([1L], mnist.Versions);
        Assert.Equal("Input3", mnist.Config!.Input[0].Name);
        Assert.Equal([1L, 1, 28, 28], mnist.Config.Input[0].Dims);
        Assert.True(mnist.Config.Postprocessing!.Softmax);
    }

    [Theory]
    [InlineData("""{ "latest": { "num_versions": 2 } }""", new long[] { 2, 3 })]
    [InlineData("""{ "specific": { "versions": [1, 3, 7] } }""", new long[] { 1, 3 })]
    [InlineData("""{ "all": {} }""", new long[] { 1, 2, 3 })]
    [InlineData(null, new long[] { 3 })]
    public void The_version_policy_chooses_among_the_version_folders_that_hold_a_model(string? policy, long[] served)
    {
        Model("scorer", policy is null ? "" : $""", "version_policy": {policy}""", versions: [1, 2, 3]);
        Directory.CreateDirectory(Path.Combine(_repository, "scorer", "4")); // no model.onnx: not a version
        Directory.CreateDirectory(Path.Combine(_repository, "scorer", "notes"));

        var scorer = Assert.Single(ModelRepository.Scan(_repository));
        Assert.True(scorer.Servable, scorer.Problem);
        Assert.Equal(served, scorer.Versions);
    }

    [Fact]
    public void A_broken_model_is_reported_with_its_reasons_and_the_others_still_serve()
    {
        Model("good", "", versions: [1]);
        Model("wrong", """, "platform": "tensorrt_plan", "max_batch_size": 0, "dynamic_batching": { "max_queue_delay_microseconds": 100 }""", versions: [1]);
        Directory.CreateDirectory(Path.Combine(_repository, "garbled"));
        File.WriteAllText(Path.Combine(_repository, "garbled", ModelRepository.ConfigFile), "{ not json");

        var models = ModelRepository.Scan(_repository).ToDictionary(m => m.Name);
        Assert.True(models["good"].Servable);
        Assert.False(models["wrong"].Servable);
        Assert.Contains("only onnxruntime_onnx", models["wrong"].Problem, StringComparison.Ordinal);
        Assert.Contains("dynamic_batching needs max_batch_size > 0", models["wrong"].Problem, StringComparison.Ordinal);
        Assert.False(models["garbled"].Servable);
        Assert.StartsWith("config.json:", models["garbled"].Problem, StringComparison.Ordinal);
    }

    /// <summary>A model folder with a valid configuration (plus <paramref name="extra"/> fields, which override) and empty model files.</summary>
    private void Model(string name, string extra, long[] versions)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_repository, name)).FullName;
        var fields = $"""
            "name": "{name}", "platform": "onnxruntime_onnx", "max_batch_size": 8,
            "input": [ {"{"} "name": "image", "data_type": "TYPE_FP32", "dims": [1, 224, 224] {"}"} ],
            "output": [ {"{"} "name": "score", "data_type": "TYPE_FP32", "dims": [2] {"}"} ]
            """;
        // Later duplicate keys win in System.Text.Json: the extra fields override the defaults.
        File.WriteAllText(Path.Combine(folder, ModelRepository.ConfigFile), "{" + fields + extra + "}");
        foreach (var version in versions)
        {
            var versionFolder = Directory.CreateDirectory(Path.Combine(folder, version.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            File.WriteAllBytes(Path.Combine(versionFolder, ModelRepository.ModelFile), []);
        }
    }

    public void Dispose() => Directory.Delete(_repository, recursive: true);
}
