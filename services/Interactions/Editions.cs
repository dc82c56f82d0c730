using EdsPlatform.Interactions.Engine;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Interactions;

/// <summary>Every edition of the thesaurus found in the editions folder, loaded and indexed once at start; the current one by name.</summary>
public sealed class Editions
{
    private readonly Dictionary<string, Analyzer> _byName;

    public Editions(IOptions<InteractionsOptions> options, ILogger<Editions> logger)
    {
        var data = Path.Combine(AppContext.BaseDirectory, "InteractionsData");
        var folder = options.Value.EditionsFolder ?? Path.Combine(data, "editions");
        _byName = Directory.EnumerateDirectories(folder)
            .Where(edition => File.Exists(Path.Combine(edition, ThesaurusFiles.EntriesFile)))
            .Select(ThesaurusFiles.Load)
            .ToDictionary(edition => edition.Name, edition => new Analyzer(edition, DrugResolver.Load(edition, data)), StringComparer.Ordinal);
        if (_byName.Count == 0)
        {
            throw new InvalidOperationException($"No thesaurus edition in {folder} (each is a folder with {ThesaurusFiles.EntriesFile} and {ThesaurusFiles.SubstancesFile}).");
        }
        Current = options.Value.Edition ?? _byName.Keys.Max(StringComparer.Ordinal)!;
        if (!_byName.ContainsKey(Current))
        {
            throw new InvalidOperationException($"Interactions:Edition '{Current}' is not among the editions in {folder}.");
        }
        foreach (var analyzer in _byName.Values)
        {
            logger.LogInformation("Thesaurus edition {Edition}: {Entries} entries, {Pairs} substance pairs", analyzer.Edition.Name, analyzer.Edition.Entries.Count, analyzer.Edition.PairCount);
        }
    }

    public string Current { get; }

    public IEnumerable<Analyzer> All => _byName.Values;

    /// <summary>The named edition, or the current one; null when the name is unknown.</summary>
    public Analyzer? Get(string? name) => _byName.GetValueOrDefault(name ?? Current);
}
