using System.Text.Json;
using EdsPlatform.Imaging.Contracts;
using EdsPlatform.Imaging.Inference;

namespace EdsPlatform.Imaging.Tests;

/// <summary>The inference server without HTTP: published outputs, the provider said, bad tensors refused, broken models isolated, explicit model control.</summary>
public sealed class InferenceServerTests
{
    private sealed record Vector(float[] Input, float[] Output);

    private static Vector MnistVector(int k)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "mnist", $"test_data_{k}.json")));
        float[] Values(string name) => [.. json.RootElement.GetProperty(name).GetProperty("values").EnumerateArray().Select(v => v.GetSingle())];
        return new Vector(Values("inputs"), Values("outputs"));
    }

    private static InferTensor MnistInput(float[] values) => new("Input3", TensorDatatypes.Fp32, [1, 1, 28, 28], values);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Mnist_reproduces_its_published_outputs_within_1e_4(int k)
    {
        await using var scratch = new ScratchServer("mnist");
        await scratch.Server.LoadAllAsync(CancellationToken.None);
        var vector = MnistVector(k);

        var output = Assert.Single(await scratch.Server.Get("mnist").InferAsync([MnistInput(vector.Input)], null, CancellationToken.None));

        Assert.Equal([1L, 10], output.Shape);
        var scores = (float[])output.Data;
        Assert.All(scores.Zip(vector.Output), pair => Assert.InRange(pair.First - pair.Second, -1e-4f, 1e-4f));
    }

    [Fact]
    public async Task The_provider_is_said_and_a_CPU_fallback_gives_its_reason()
    {
        await using var scratch = new ScratchServer("mnist");
        await scratch.Server.LoadAllAsync(CancellationToken.None);

        var provider = scratch.Server.Provider;
        Assert.Equal("auto", provider.Requested);
        Assert.Equal(provider.Active, scratch.Server.Get("mnist").Provider);
        if (!provider.UsesCuda)
        {
            Assert.Equal(ExecutionProviderStatus.Cpu, provider.Active);
            Assert.False(string.IsNullOrWhiteSpace(provider.CudaUnavailableReason));
        }
    }

    [Fact]
    public async Task Wrong_tensors_are_refused_with_a_sentence_naming_the_problem()
    {
        await using var scratch = new ScratchServer("mnist");
        await scratch.Server.LoadAllAsync(CancellationToken.None);
        var mnist = scratch.Server.Get("mnist");

        async Task<string> Refusal(params InferTensor[] inputs)
        {
            var error = await Assert.ThrowsAsync<InferenceException>(() => mnist.InferAsync(inputs, null, CancellationToken.None));
            Assert.Equal(400, error.Status);
            return error.Message;
        }

        Assert.Contains("shape [1, 28, 28]", await Refusal(new InferTensor("Input3", TensorDatatypes.Fp32, [1, 28, 28], new float[784])), StringComparison.Ordinal);
        Assert.Contains("is FP32, not INT64", await Refusal(new InferTensor("Input3", TensorDatatypes.Int64, [1, 1, 28, 28], new long[784])), StringComparison.Ordinal);
        Assert.Contains("has 10 values", await Refusal(new InferTensor("Input3", TensorDatatypes.Fp32, [1, 1, 28, 28], new float[10])), StringComparison.Ordinal);
        Assert.Contains("no input 'image'", await Refusal(new InferTensor("image", TensorDatatypes.Fp32, [1, 1, 28, 28], new float[784])), StringComparison.Ordinal);
        Assert.Contains("'Input3' is missing", await Refusal(), StringComparison.Ordinal);
        var unknownOutput = await Assert.ThrowsAsync<InferenceException>(() => mnist.InferAsync([MnistInput(new float[784])], ["probabilities"], CancellationToken.None));
        Assert.Contains("no output 'probabilities'", unknownOutput.Message, StringComparison.Ordinal);
        Assert.Equal(404, Assert.Throws<InferenceException>(() => scratch.Server.Get("mnist", 7)).Status);
        Assert.Equal(404, Assert.Throws<InferenceException>(() => scratch.Server.Get("resnet")).Status);
    }

    [Fact]
    public async Task A_corrupted_or_mismatched_model_file_is_unavailable_with_its_reason_and_the_others_serve()
    {
        await using var scratch = new ScratchServer("mnist");
        scratch.CopyModel("mnist", "corrupted");
        File.WriteAllBytes(Path.Combine(scratch.Folder, "corrupted", "1", ModelRepository.ModelFile), [0x08, 0x03, 0xFF, 0xFF, 0x00, 0x42]);
        scratch.CopyModel("mnist", "renamed", editConfig: config => config.Replace("\"Input3\"", "\"pixels\"", StringComparison.Ordinal));
        await scratch.Server.LoadAllAsync(CancellationToken.None);

        var index = scratch.Server.Index().ToDictionary(e => e.Name);
        Assert.Equal(InferenceServer.Ready, index["mnist"].State);
        Assert.Equal(InferenceServer.Unavailable, index["corrupted"].State);
        Assert.StartsWith("version 1:", index["corrupted"].Reason, StringComparison.Ordinal);
        Assert.Equal(InferenceServer.Unavailable, index["renamed"].State);
        Assert.Contains("no input 'pixels'", index["renamed"].Reason, StringComparison.Ordinal);
        var notReady = Assert.Throws<InferenceException>(() => scratch.Server.Get("corrupted"));
        Assert.Equal(503, notReady.Status);
        Assert.NotEmpty(await scratch.Server.Get("mnist").InferAsync([MnistInput(MnistVector(0).Input)], null, CancellationToken.None));
    }

    [Fact]
    public async Task Models_load_unload_and_reload_without_a_restart_with_versions_side_by_side()
    {
        await using var scratch = new ScratchServer();
        scratch.CopyModel("mnist", "digits", versions: [1, 2], editConfig: config => config.Replace("\"num_versions\": 1", "\"num_versions\": 2", StringComparison.Ordinal));
        await scratch.Server.LoadAllAsync(CancellationToken.None);
        Assert.Equal([1L, 2], scratch.Server.Index().Single().Versions);
        var input = MnistVector(1);
        var one = (float[])Assert.Single(await scratch.Server.Get("digits", 1).InferAsync([MnistInput(input.Input)], null, CancellationToken.None)).Data;
        var two = (float[])Assert.Single(await scratch.Server.Get("digits", 2).InferAsync([MnistInput(input.Input)], null, CancellationToken.None)).Data;
        Assert.Equal(one, two);

        var unloaded = await scratch.Server.UnloadAsync("digits", CancellationToken.None);
        Assert.Equal((InferenceServer.Unavailable, "unloaded"), (unloaded.State, unloaded.Reason));
        Assert.Equal(503, Assert.Throws<InferenceException>(() => scratch.Server.Get("digits")).Status);
        Assert.Equal(409, (await Assert.ThrowsAsync<InferenceException>(() => scratch.Server.UnloadAsync("digits", CancellationToken.None))).Status);

        // A third version dropped in the folder is served after a load, without restarting anything.
        scratch.CopyModel("mnist", "digits", versions: [3], editConfig: config => config.Replace("\"num_versions\": 1", "\"num_versions\": 2", StringComparison.Ordinal));
        var reloaded = await scratch.Server.LoadAsync("digits", CancellationToken.None);
        Assert.Equal(InferenceServer.Ready, reloaded.State);
        Assert.Equal([2L, 3], reloaded.Versions);
        Assert.Equal(3, scratch.Server.Get("digits").Version);
        Assert.Equal(400, (await Assert.ThrowsAsync<InferenceException>(() => scratch.Server.LoadAsync("../etc", CancellationToken.None))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<InferenceException>(() => scratch.Server.LoadAsync("absent", CancellationToken.None))).Status);
    }

    [Fact]
    public async Task A_full_queue_refuses_with_429_and_a_retry_delay_instead_of_growing()
    {
        await using var scratch = new ScratchServer(new InferenceServerOptions { DefaultMaxQueueSize = 4 }, "mnist");
        await scratch.Server.LoadAllAsync(CancellationToken.None);
        var mnist = scratch.Server.Get("mnist");
        var input = MnistInput(MnistVector(2).Input);

        // Submitted from one thread without awaiting: far faster than one instance runs them, so the bounded queue fills.
        var requests = Enumerable.Range(0, 3 * mnist.QueueCapacity).Select(_ => mnist.InferAsync([input], null, CancellationToken.None)).ToList();
        var outcomes = await Task.WhenAll(requests.Select(async request =>
        {
            try
            {
                await request;
                return (InferenceException?)null;
            }
            catch (InferenceException refused)
            {
                return refused;
            }
        }));

        var refusals = outcomes.OfType<InferenceException>().ToList();
        Assert.NotEmpty(refusals);
        Assert.All(refusals, refusal => Assert.Equal((429, TimeSpan.FromSeconds(1)), (refusal.Status, refusal.RetryAfter!.Value)));
        Assert.True(outcomes.Count(o => o is null) >= mnist.QueueCapacity);
        var stats = mnist.Statistics();
        Assert.Equal(stats.InferenceStats.Success.Count, outcomes.Count(o => o is null));
    }
}
