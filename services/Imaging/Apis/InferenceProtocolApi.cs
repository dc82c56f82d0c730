using System.Globalization;
using EdsPlatform.Imaging.Contracts;
using EdsPlatform.Imaging.Inference;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdsPlatform.Imaging.Apis;

/// <summary>
/// The KServe v2 / Open Inference Protocol over HTTP, under /api/imaging/v2 (Triton's paths): health, server and model
/// metadata, readiness, inference (JSON tensors and the binary tensor data extension), configuration, statistics, and
/// the repository extension (index, load, unload: data stewards only). Failures are problem details.
/// </summary>
public static class InferenceProtocolApi
{
    public const string Prefix = "/api/imaging/v2";

    private static readonly string[] Extensions = ["binary_tensor_data", "model_repository", "model_configuration", "statistics"];

    public static IEndpointRouteBuilder MapInferenceProtocolApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup(Prefix).RequireAuthorization(PlatformPolicies.SignedIn);
        v2.MapGet("/health/live", () => TypedResults.Ok(new { live = true })).WithName("ServerLive").WithSummary("The inference server answers.");
        v2.MapGet("/health/ready", Ready).WithName("ServerReady").WithSummary("Ready once the repository's models were loaded (503 while not, or when CUDA is required and missing).");
        v2.MapGet("/", (InferenceServer server) => TypedResults.Json(Metadata(server), KServeJson.Options))
            .WithName("ServerMetadata").WithSummary("The server's name, version, protocol extensions and execution provider.");

        foreach (var path in new[] { "/models/{model}", "/models/{model}/versions/{version}" })
        {
            var suffix = path.Contains("version", StringComparison.Ordinal) ? "Version" : "";
            v2.MapGet(path, ModelMetadata).WithName("ModelMetadata" + suffix).WithSummary("A model's inputs and outputs (datatype, shape), versions, provider and state.");
            v2.MapGet(path + "/ready", ModelReady).WithName("ModelReady" + suffix).WithSummary("200 when the model (version) is ready; 503 with the reason otherwise.");
            v2.MapPost(path + "/infer", InferAsync).WithName("Infer" + suffix)
                .WithSummary("Runs the model on the request's tensors (JSON, or binary tensor data after the JSON header); with dynamic batching, merged with concurrent requests.");
            v2.MapGet(path + "/stats", Statistics).WithName("ModelStatistics" + suffix)
                .WithSummary("Triton's statistics: successes, failures, queue and compute time, inference count against execution count, per batch size.");
        }
        v2.MapGet("/models/{model}/config", (string model, InferenceServer server) => TypedResults.Json(server.Config(model), ModelConfig.Json))
            .WithName("ModelConfiguration").WithSummary("The model's configuration (config.json) as the server read it.");
        v2.MapGet("/models/stats", (InferenceServer server) => TypedResults.Json(new ModelStatsResponse([.. server.ReadyVersions().Select(v => v.Statistics())]), KServeJson.Options))
            .WithName("AllModelStatistics").WithSummary("Statistics of every ready model version.");

        app.MapGet("/api/imaging/models", Summaries).RequireAuthorization(PlatformPolicies.SignedIn)
            .WithName("ModelSummaries").WithSummary("Every model of the repository: versions, state (and why not ready), provider, batching, inferences and executions so far.");

        var repository = v2.MapGroup("/repository").RequireAuthorization(PlatformPolicies.DataSteward);
        repository.MapPost("/index", (InferenceServer server) => TypedResults.Json(server.Index(), KServeJson.Options))
            .WithName("RepositoryIndex").WithSummary("Every model folder of the repository with its versions, state and reason.");
        repository.MapPost("/models/{model}/load", async (string model, InferenceServer server, CancellationToken cancellationToken) =>
            TypedResults.Json(await server.LoadAsync(model, cancellationToken), KServeJson.Options))
            .WithName("LoadModel").WithSummary("(Re)loads a model from its folder without a restart: new versions are warmed up, then replace the old ones at once.");
        repository.MapPost("/models/{model}/unload", async (string model, InferenceServer server, CancellationToken cancellationToken) =>
            TypedResults.Json(await server.UnloadAsync(model, cancellationToken), KServeJson.Options))
            .WithName("UnloadModel").WithSummary("Unloads a model after its queued requests finish.");
        return app;
    }

    public static ServerMetadata Metadata(InferenceServer server) =>
        new("eds-imaging", typeof(InferenceProtocolApi).Assembly.GetName().Version?.ToString(3) ?? "1.0.0", Extensions,
            new ProviderView(server.Provider.Requested, server.Provider.Active, server.Provider.CudaUnavailableReason), server.IsReady);

    private static Ok<List<ModelSummary>> Summaries(InferenceServer server)
    {
        var ready = server.ReadyVersions().ToLookup(v => v.Config.Name);
        return TypedResults.Ok(server.Index().Select(entry =>
        {
            var versions = ready[entry.Name].ToList();
            var config = versions.FirstOrDefault()?.Config;
            var stats = versions.Select(v => v.Statistics()).ToList();
            return new ModelSummary(entry.Name, entry.Versions, entry.State, entry.Reason, versions.FirstOrDefault()?.Provider, config?.MaxBatchSize ?? 0,
                config?.DynamicBatching is not null, stats.Sum(s => s.InferenceCount), stats.Sum(s => s.ExecutionCount));
        }).ToList());
    }

    private static IResult Ready(InferenceServer server) =>
        server.IsReady
            ? TypedResults.Ok(new { ready = true, provider = server.Provider.Active })
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready",
                detail: server.Provider.CudaRequiredButMissing ? $"CUDA is required and unavailable: {server.Provider.CudaUnavailableReason}" : "The model repository is still loading.");

    private static IResult ModelMetadata(string model, string? version, InferenceServer server)
    {
        var served = server.Get(model, ParseVersion(version));
        var config = served.Config;
        var versions = server.ReadyVersions().Where(v => v.Config.Name == model).Select(v => v.Version.ToString(CultureInfo.InvariantCulture)).ToList();
        return TypedResults.Json(new ModelMetadata(config.Name, versions, config.Platform,
            [.. config.Input.Select(t => Tensor(config, t))], [.. config.Output.Select(t => Tensor(config, t))],
            served.Provider, InferenceServer.Ready, config.MaxBatchSize, config.DynamicBatching is not null, served.Instances), KServeJson.Options);
    }

    private static IResult ModelReady(string model, string? version, InferenceServer server)
    {
        var served = server.Get(model, ParseVersion(version));
        return TypedResults.Ok(new { name = model, version = served.Version.ToString(CultureInfo.InvariantCulture), ready = true });
    }

    private static IResult Statistics(string model, string? version, InferenceServer server)
    {
        var versions = version is null ? server.ReadyVersions().Where(v => v.Config.Name == model).ToList() : [server.Get(model, ParseVersion(version))];
        if (versions.Count == 0)
        {
            server.Get(model); // 404 or 503 with the reason
        }
        return TypedResults.Json(new ModelStatsResponse([.. versions.Select(v => v.Statistics())]), KServeJson.Options);
    }

    private static async Task<IResult> InferAsync(string model, string? version, HttpRequest request, InferenceServer server, CancellationToken cancellationToken)
    {
        var served = server.Get(model, ParseVersion(version));
        int? jsonLength = null;
        if (request.Headers.TryGetValue(KServeCodec.HeaderLength, out var header))
        {
            jsonLength = int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                ? length
                : throw InferenceException.BadRequest($"{KServeCodec.HeaderLength} is not a byte count.");
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var call = KServeCodec.Read(body.ToArray(), jsonLength);
        var outputs = await served.InferAsync(call.Inputs, call.Outputs, cancellationToken);
        var (bytes, responseJsonLength) = KServeCodec.Write(served, call.Id, outputs, call.Binary);
        if (responseJsonLength is { } written)
        {
            request.HttpContext.Response.Headers[KServeCodec.HeaderLength] = written.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Bytes(bytes, "application/octet-stream");
        }
        return TypedResults.Bytes(bytes, "application/json");
    }

    private static TensorMetadata Tensor(ModelConfig config, TensorConfig tensor) => new(tensor.Name, TensorDatatypes.FromConfig(tensor.DataType), config.RequestShape(tensor));

    private static long? ParseVersion(string? version) =>
        version is null ? null
        : long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number
        : throw InferenceException.BadRequest($"Version '{version}' is not a positive number.");
}
