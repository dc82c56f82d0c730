using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using EdsPlatform;
using EdsPlatform.Benchmarks;
using EdsPlatform.Imaging.Dicom;
using EdsPlatform.Imaging.Inference;
using Microsoft.ML.OnnxRuntime;

// Imaging figures. Always, in-process: DICOM decoding (MB/s of file, uncompressed and RLE), and two models' raw ONNX
// Runtime latency and offline throughput by batch size: chest-opacity (shipped, convolutional, tiny) and a dense
// benchmark model (48 MB of weights: the profile where batching pays on a CPU). With "service": the imaging service
// started by the AppHost, called over HTTP directly (token, no gateway), first one client (its latency against the
// raw Run), then 16 to 64 concurrent clients on each model with dynamic batching and on the same model without.
// With "providers" (for a GPU machine): each model on the CUDA provider against the CPU provider, outputs within 1e-4.
// Usage: dotnet run -c Release --project bench/Imaging.Benchmarks -- [seconds] [service] [providers]
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var repository = Path.Combine(FindRepository(), "models");
var samples = Path.Combine(FindRepository(), "tests", "Imaging.Tests", "Data", "dicom");
Console.WriteLine($"{Environment.ProcessorCount} cores, ONNX Runtime {OrtEnv.Instance().GetVersionString()}");

foreach (var (name, bytes) in new[]
{
    ("MR 64×64 16-bit, explicit LE", File.ReadAllBytes(Path.Combine(samples, "MR_small.dcm"))),
    ("MR 64×64 16-bit, RLE Lossless", File.ReadAllBytes(Path.Combine(samples, "MR_small_RLE.dcm"))),
    ("CT 128×128 16-bit, explicit LE", File.ReadAllBytes(Path.Combine(samples, "CT_small.dcm"))),
    ("DX 256×256 12-bit (synthetic chest)", SyntheticStudies.ChestRadiograph("2.25.1", 1, new DateOnly(2024, 1, 1), "A1", opacity: true)),
})
{
    var decoded = Repeat(() => DicomPixels.Frames(DicomFile.Read(new MemoryStream(bytes))).Count);
    Console.WriteLine(FormattableString.Invariant($"decode {name}: {decoded * bytes.Length / 1e6 / seconds:0.0} MB/s of file ({decoded / seconds:N0} files/s, {bytes.Length:N0} bytes)"));
}

// A scratch repository: chest-opacity as shipped and without batching, the dense model with and without.
var scratch = Directory.CreateTempSubdirectory("eds-imaging-bench-").FullName;
CopyModel("chest-opacity", "chest-opacity", config => config);
CopyModel("chest-opacity", "chest-opacity-unbatched", config =>
{
    var json = System.Text.Json.Nodes.JsonNode.Parse(config)!.AsObject();
    json.Remove("dynamic_batching");
    return json.ToJsonString();
});
EdsPlatform.Imaging.ModelBuilder.ThroughputModel.WriteRepositoryFolder(scratch, "dense-benchmark", dynamicBatching: true);
EdsPlatform.Imaging.ModelBuilder.ThroughputModel.WriteRepositoryFolder(scratch, "dense-benchmark-unbatched", dynamicBatching: false);
string[] models = ["chest-opacity", "dense-benchmark"];

var image = ImagePreprocessing.Input(ReadConfig("chest-opacity"),
    DicomImage.FromFrame(DicomFile.Read(new MemoryStream(SyntheticStudies.ChestRadiograph("2.25.2", 2, new DateOnly(2024, 1, 1), "A2", opacity: true)))));
var rawP50 = new Dictionary<string, double>();
foreach (var name in models)
{
    using var session = new InferenceSession(Path.Combine(scratch, name, "1", ModelRepository.ModelFile));
    var output = session.OutputMetadata.Keys.Single();
    foreach (var batch in new[] { 1, 8, 16, 32 })
    {
        var input = InferTensor.Concatenate(Enumerable.Repeat(image, batch).ToList());
        using var value = OrtValue.CreateTensorValueFromMemory((float[])input.Data, input.Shape);
        using var options = new RunOptions();
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var started = Stopwatch.GetTimestamp();
            using var outputs = session.Run(options, ["image"], [value], [output]);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        latencies.Sort();
        if (batch == 1)
        {
            rawP50[name] = latencies[latencies.Count / 2];
        }
        Console.WriteLine(FormattableString.Invariant(
            $"{name}, raw ONNX Runtime Run, batch {batch}: {latencies.Count * batch / clock.Elapsed.TotalSeconds:N0} images/s offline, p50 {latencies[latencies.Count / 2]:0.000} ms per batch"));
    }
}

if (args.Contains("providers"))
{
    // The CUDA check for a GPU machine: the same inputs through a CPU session and a CUDA session that may not fall
    // back to the CPU for any node; outputs must agree within 1e-4.
    foreach (var name in models)
    {
        var path = Path.Combine(scratch, name, "1", ModelRepository.ModelFile);
        var batch = InferTensor.Concatenate(Enumerable.Repeat(image, 32).ToList());
        using var cpu = new InferenceSession(path);
        using var cudaOptions = new SessionOptions();
        try
        {
            cudaOptions.AppendExecutionProvider_CUDA(0);
            cudaOptions.AddSessionConfigEntry("session.disable_cpu_ep_fallback", "1");
        }
        catch (OnnxRuntimeException unavailable)
        {
            Console.WriteLine($"{name}: CUDA unavailable here ({unavailable.Message.Split('\n')[0]}); no comparison");
            continue;
        }
        using var cuda = new InferenceSession(path, cudaOptions);
        using var value = OrtValue.CreateTensorValueFromMemory((float[])batch.Data, batch.Shape);
        using var options = new RunOptions();
        var output = cpu.OutputMetadata.Keys.Single();
        using var onCpu = cpu.Run(options, ["image"], [value], [output]);
        using var onCuda = cuda.Run(options, ["image"], [value], [output]);
        var difference = onCpu[0].GetTensorDataAsSpan<float>().ToArray().Zip(onCuda[0].GetTensorDataAsSpan<float>().ToArray()).Max(pair => Math.Abs(pair.First - pair.Second));
        Console.WriteLine(FormattableString.Invariant($"{name}: CUDA vs CPU, batch 32, max |difference| {difference:E2} ({(difference <= 1e-4 ? "within" : "BEYOND")} 1e-4)"));
    }
}

if (args.Contains("service"))
{
    await using var app = await BenchmarkPlatform.StartAsync([$"Imaging:ModelRepository={scratch}"], ResourceNames.Imaging, ResourceNames.Gateway, ResourceNames.Web);
    using var signedIn = await BenchmarkSessions.SignInAsync(app, BenchmarkSessions.Researcher);
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 128 }) { BaseAddress = app.GetEndpoint(ResourceNames.Imaging, "http") };
    http.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;

    var pixels = new byte[64 * 64 * 4];
    Buffer.BlockCopy((float[])image.Data, 0, pixels, 0, pixels.Length);
    var header = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        inputs = new[] { new { name = "image", shape = new[] { 1, 1, 64, 64 }, datatype = "FP32", parameters = new { binary_data_size = pixels.Length } } },
    }));
    byte[] body = [.. header, .. pixels];
    var json = JsonSerializer.SerializeToUtf8Bytes(new { inputs = new[] { new { name = "image", shape = new[] { 1, 1, 64, 64 }, datatype = "FP32", data = (float[])image.Data } } });
    Task<HttpResponseMessage> Binary(string model)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));
        return http.PostAsync($"/api/imaging/v2/models/{model}/infer", content);
    }
    Task<HttpResponseMessage> Json(string model)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return http.PostAsync($"/api/imaging/v2/models/{model}/infer", content);
    }

    // The floor of any call: a token validated, a route matched, a tiny answer; no inference.
    await LoadRun.ClosedLoopAsync(() => http.GetAsync("/api/imaging/v2/health/live"), TimeSpan.FromSeconds(2), 4);
    Console.WriteLine($"HTTP floor, GET v2/health/live, one client: {await LoadRun.ClosedLoopAsync(() => http.GetAsync("/api/imaging/v2/health/live"), TimeSpan.FromSeconds(seconds), 1)}");
    foreach (var name in models)
    {
        await LoadRun.ClosedLoopAsync(() => Binary(name + "-unbatched"), TimeSpan.FromSeconds(2), 4);
        foreach (var (label, send) in new (string, Func<Task<HttpResponseMessage>>)[] { ("binary", () => Binary(name + "-unbatched")), ("JSON", () => Json(name + "-unbatched")) })
        {
            var one = await LoadRun.ClosedLoopAsync(send, TimeSpan.FromSeconds(seconds), 1);
            Console.WriteLine(FormattableString.Invariant(
                $"{name}, HTTP infer, {label} tensor, batch 1, one client: {one}; p50 {one.P50 / rawP50[name]:0.00}× the raw Run's {rawP50[name]:0.000} ms"));
        }
        foreach (var clients in new[] { 16, 32, 64 })
        {
            var batched = await LoadRun.ClosedLoopAsync(() => Binary(name), TimeSpan.FromSeconds(seconds), clients);
            var unbatched = await LoadRun.ClosedLoopAsync(() => Binary(name + "-unbatched"), TimeSpan.FromSeconds(seconds), clients);
            Console.WriteLine(FormattableString.Invariant(
                $"{name}, {clients} clients: dynamic batching {batched}; without {unbatched}; {batched.RequestsPerSecond / unbatched.RequestsPerSecond:0.0}× the throughput"));
        }
        using var stats = await http.GetAsync($"/api/imaging/v2/models/{name}/stats");
        var model = System.Text.Json.Nodes.JsonNode.Parse(await stats.Content.ReadAsStringAsync())!["model_stats"]![0]!;
        Console.WriteLine(FormattableString.Invariant(
            $"{name} statistics: {model["inference_count"]} inferences in {model["execution_count"]} executions = mean batch {model["inference_count"]!.GetValue<double>() / model["execution_count"]!.GetValue<double>():0.0}"));
    }
}
Directory.Delete(scratch, recursive: true);

void CopyModel(string shipped, string name, Func<string, string> edit)
{
    var target = Directory.CreateDirectory(Path.Combine(scratch, name, "1")).Parent!.FullName;
    File.Copy(Path.Combine(repository, shipped, "1", ModelRepository.ModelFile), Path.Combine(target, "1", ModelRepository.ModelFile));
    File.Copy(Path.Combine(repository, shipped, "labels.txt"), Path.Combine(target, "labels.txt"));
    File.WriteAllText(Path.Combine(target, ModelRepository.ConfigFile), edit(File.ReadAllText(Path.Combine(repository, shipped, ModelRepository.ConfigFile)).Replace($"\"{shipped}\"", $"\"{name}\"", StringComparison.Ordinal)));
}

long Repeat(Func<int> work)
{
    work();
    var count = 0L;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        work();
        count++;
    }
    return (long)(count * seconds / clock.Elapsed.TotalSeconds);
}

ModelConfig ReadConfig(string name) => ModelRepository.Read(Path.Combine(repository, name)).Config!;

static string FindRepository()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EdsPlatform.sln")))
    {
        directory = directory.Parent;
    }
    return directory?.FullName ?? throw new DirectoryNotFoundException("Run from inside the repository.");
}
