using System.Globalization;
using System.Text.Json;

namespace EdsPlatform.Imaging.Inference;

/// <summary>A model as the repository holds it: its configuration, the versions served, or why it cannot be served.</summary>
public sealed record RepositoryModel(string Name, ModelConfig? Config, IReadOnlyList<long> Versions, string? Problem)
{
    public bool Servable => Problem is null;
}

/// <summary>
/// A model repository in Triton's layout: <c>&lt;name&gt;/config.json</c> and numbered version folders holding
/// <c>model.onnx</c>. Each model is read on its own: a broken one is reported with its reason and the others serve.
/// </summary>
public static class ModelRepository
{
    public const string ConfigFile = "config.json";
    public const string ModelFile = "model.onnx";

    public static IReadOnlyList<RepositoryModel> Scan(string folder) =>
        [.. Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal).Select(Read)];

    public static RepositoryModel Read(string modelFolder)
    {
        var name = Path.GetFileName(modelFolder);
        ModelConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ModelConfig>(File.ReadAllText(Path.Combine(modelFolder, ConfigFile)), ModelConfig.Json);
        }
        catch (Exception failure) when (failure is IOException or JsonException or UnauthorizedAccessException)
        {
            return new RepositoryModel(name, null, [], $"{ConfigFile}: {failure.Message}");
        }
        if (config is null)
        {
            return new RepositoryModel(name, null, [], $"{ConfigFile} is empty");
        }
        if (config.Problems(name) is { Count: > 0 } problems)
        {
            return new RepositoryModel(name, config, [], string.Join("; ", problems));
        }
        var available = Directory.EnumerateDirectories(modelFolder)
            .Select(Path.GetFileName)
            .Select(version => long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 0)
            .Where(version => version > 0 && File.Exists(Path.Combine(modelFolder, version.ToString(CultureInfo.InvariantCulture), ModelFile)))
            .Order()
            .ToList();
        var served = Served(config.VersionPolicy, available);
        return served.Count == 0
            ? new RepositoryModel(name, config, [], $"no version folder with {ModelFile} matches the version policy")
            : new RepositoryModel(name, config, served, null);
    }

    /// <summary>Triton's version policy: the latest N (1 by default), the specific versions present, or all.</summary>
    private static List<long> Served(VersionPolicyConfig? policy, List<long> available) => policy switch
    {
        { Specific: { } specific } => [.. available.Where(specific.Versions.Contains)],
        { All: not null } => available,
        _ => [.. available.TakeLast(Math.Max(1, policy?.Latest?.NumVersions ?? 1))],
    };
}
