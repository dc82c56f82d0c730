using EdsPlatform.Imaging.Inference;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Imaging.Tests;

/// <summary>An inference server (CPU here: CI has no GPU) on a scratch copy of chosen repository models, rewritten as a test needs.</summary>
public sealed class ScratchServer : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("eds-imaging-").FullName;

    public ScratchServer(params string[] shippedModels)
        : this(new InferenceServerOptions(), shippedModels)
    {
    }

    public ScratchServer(InferenceServerOptions options, params string[] shippedModels)
    {
        options.ModelRepository = _folder;
        foreach (var model in shippedModels)
        {
            CopyModel(model, model);
        }
        Server = new InferenceServer(Options.Create(options), Metrics, NullLogger<InferenceServer>.Instance);
    }

    public static string ShippedRepository => Path.Combine(AppContext.BaseDirectory, "models");

    public static ImagingMetrics Metrics { get; } = new(new TestMeterFactory());

    public InferenceServer Server { get; }

    public string Folder => _folder;

    /// <summary>Copies a shipped model under another name (its config's name follows), with version folders as given.</summary>
    public void CopyModel(string shipped, string name, long[]? versions = null, Func<string, string>? editConfig = null)
    {
        var target = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
        var config = File.ReadAllText(Path.Combine(ShippedRepository, shipped, ModelRepository.ConfigFile)).Replace($"\"{shipped}\"", $"\"{name}\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(target, ModelRepository.ConfigFile), editConfig?.Invoke(config) ?? config);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ShippedRepository, shipped)).Where(f => Path.GetFileName(f) != ModelRepository.ConfigFile))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
        foreach (var version in versions ?? [1])
        {
            var folder = Directory.CreateDirectory(Path.Combine(target, version.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            File.Copy(Path.Combine(ShippedRepository, shipped, "1", ModelRepository.ModelFile), Path.Combine(folder, ModelRepository.ModelFile), overwrite: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
