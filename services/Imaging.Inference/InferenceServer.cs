using System.Collections.Concurrent;
using EdsPlatform.Imaging.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Imaging.Inference;

/// <summary>
/// The inference server: the repository's models loaded at start, and reloaded or unloaded on request without a restart
/// (Triton's explicit model control). A load reads the model's folder again, loads and warms every served version, then
/// replaces the previous ones at once; the old versions finish their queued requests before they are freed. A model that
/// fails to load is UNAVAILABLE with its reason and the others keep serving.
/// </summary>
public sealed class InferenceServer(IOptions<InferenceServerOptions> options, ImagingMetrics metrics, ILogger<InferenceServer> logger) : IAsyncDisposable
{
    public const string Ready = "READY", Unavailable = "UNAVAILABLE", Loading = "LOADING", Unloading = "UNLOADING";

    private sealed record Entry(string State, string? Reason, ModelConfig? Config, IReadOnlyDictionary<long, ServedVersion> Versions);

    private readonly ConcurrentDictionary<string, Entry> _models = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly InferenceServerOptions _options = options.Value;
    private bool _started;

    public ExecutionProviderStatus Provider { get; } = ExecutionProviderStatus.Probe(options.Value.ExecutionProvider, options.Value.DeviceId, logger);

    /// <summary>The repository folder; a relative path is taken from the service's own folder, where the shipped models are.</summary>
    public string RepositoryFolder => Path.GetFullPath(_options.ModelRepository, AppContext.BaseDirectory);

    /// <summary>Ready once the start-up load ran, unless CUDA was required and is missing.</summary>
    public bool IsReady => _started && !Provider.CudaRequiredButMissing;

    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        foreach (var name in FolderNames())
        {
            await LoadAsync(name, cancellationToken);
        }
        _started = true;
    }

    /// <summary>Loads (or reloads) a model from its folder; the result says whether it became ready and why not.</summary>
    public async Task<RepositoryEntry> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var folder = ModelFolder(name);
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var previous = _models.GetValueOrDefault(name);
            _models[name] = new Entry(Loading, null, previous?.Config, previous?.Versions ?? new Dictionary<long, ServedVersion>());
            var model = ModelRepository.Read(folder);
            Entry loaded;
            if (!model.Servable)
            {
                loaded = new Entry(Unavailable, model.Problem, model.Config, new Dictionary<long, ServedVersion>());
            }
            else
            {
                loaded = await Task.Run(() => LoadVersions(model), cancellationToken);
            }
            _models[name] = loaded;
            if (previous is not null)
            {
                await DisposeAll(previous.Versions.Values);
            }
            if (loaded.State == Ready)
            {
                logger.LogInformation("Model {Model} versions {Versions} ready on {Provider}", name, string.Join(", ", loaded.Versions.Keys), Provider.Active);
            }
            else
            {
                logger.LogWarning("Model {Model} is unavailable: {Reason}", name, loaded.Reason);
            }
            return View(name, loaded);
        }
        finally
        {
            _changes.Release();
        }
    }

    public async Task<RepositoryEntry> UnloadAsync(string name, CancellationToken cancellationToken)
    {
        ModelFolder(name);
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (!_models.TryGetValue(name, out var entry) || entry.State != Ready)
            {
                throw new InferenceException(409, "Model not loaded", $"Model '{name}' is {entry?.State ?? Unavailable}: there is nothing to unload.");
            }
            _models[name] = entry with { State = Unloading };
            await DisposeAll(entry.Versions.Values);
            var unloaded = new Entry(Unavailable, "unloaded", entry.Config, new Dictionary<long, ServedVersion>());
            _models[name] = unloaded;
            logger.LogInformation("Model {Model} unloaded", name);
            return View(name, unloaded);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Every model folder of the repository with its state, loaded or not (the repository index extension).</summary>
    public IReadOnlyList<RepositoryEntry> Index()
    {
        var names = FolderNames().Concat(_models.Keys).Distinct().Order(StringComparer.Ordinal);
        return [.. names.Select(name => _models.TryGetValue(name, out var entry) ? View(name, entry) : new RepositoryEntry(name, [], Unavailable, "not loaded"))];
    }

    /// <summary>A ready version of a model: the one asked for, or the highest served.</summary>
    public ServedVersion Get(string name, long? version = null)
    {
        if (!_models.TryGetValue(name, out var entry))
        {
            throw InferenceException.UnknownModel(name);
        }
        if (entry.State != Ready)
        {
            throw InferenceException.NotReady(name, entry.State, entry.Reason);
        }
        if (version is { } asked)
        {
            return entry.Versions.GetValueOrDefault(asked) ?? throw InferenceException.UnknownModel(name, asked);
        }
        return entry.Versions[entry.Versions.Keys.Max()];
    }

    /// <summary>The configuration of a model known to the server, ready or not.</summary>
    public ModelConfig Config(string name) =>
        _models.TryGetValue(name, out var entry) && entry.Config is { } config ? config : throw InferenceException.UnknownModel(name);

    /// <summary>The ready models, with every version served.</summary>
    public IReadOnlyList<ServedVersion> ReadyVersions() =>
        [.. _models.Values.Where(e => e.State == Ready).SelectMany(e => e.Versions.Values).OrderBy(v => v.Config.Name, StringComparer.Ordinal).ThenBy(v => v.Version)];

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _models.Values)
        {
            await DisposeAll(entry.Versions.Values);
        }
        _changes.Dispose();
    }

    private Entry LoadVersions(RepositoryModel model)
    {
        var loaded = new Dictionary<long, ServedVersion>();
        var labelFile = model.Config!.Output[0].LabelFilename is { } file ? Path.Combine(RepositoryFolder, model.Name, Path.GetFileName(file)) : null;
        IReadOnlyList<string> labels = labelFile is not null && File.Exists(labelFile) ? [.. File.ReadAllLines(labelFile).Where(line => line.Length > 0)] : [];
        foreach (var version in model.Versions)
        {
            var path = Path.Combine(RepositoryFolder, model.Name, version.ToString(System.Globalization.CultureInfo.InvariantCulture), ModelRepository.ModelFile);
            try
            {
                loaded[version] = ServedVersion.Load(model.Config, version, path, labels, Provider, _options.DeviceId, _options.DefaultMaxQueueSize, metrics);
            }
            catch (Exception failure) when (failure is Microsoft.ML.OnnxRuntime.OnnxRuntimeException or InvalidOperationException or IOException)
            {
                DisposeAll(loaded.Values).AsTask().GetAwaiter().GetResult();
                return new Entry(Unavailable, $"version {version}: {failure.Message.Split('\n')[0]}", model.Config, new Dictionary<long, ServedVersion>());
            }
        }
        return new Entry(Ready, null, model.Config, loaded);
    }

    /// <summary>The folder of a model; a name that is not a plain folder name is refused before any file is touched.</summary>
    private string ModelFolder(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or ".." || name.StartsWith('.'))
        {
            throw InferenceException.BadRequest($"'{name}' is not a model name (a folder name of the repository).");
        }
        var folder = Path.Combine(RepositoryFolder, name);
        return Directory.Exists(folder) || _models.ContainsKey(name) ? folder : throw InferenceException.UnknownModel(name);
    }

    private IEnumerable<string> FolderNames() =>
        Directory.Exists(RepositoryFolder) ? Directory.EnumerateDirectories(RepositoryFolder).Select(folder => Path.GetFileName(folder)).Order(StringComparer.Ordinal) : [];

    private static RepositoryEntry View(string name, Entry entry) => new(name, [.. entry.Versions.Keys.Order()], entry.State, entry.Reason);

    private static async ValueTask DisposeAll(IEnumerable<ServedVersion> versions)
    {
        foreach (var version in versions)
        {
            await version.DisposeAsync();
        }
    }
}
