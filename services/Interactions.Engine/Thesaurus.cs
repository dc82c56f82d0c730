namespace EdsPlatform.Interactions.Engine;

/// <summary>The thesaurus's four levels, weakest first; the codes are the ANSM's abbreviations.</summary>
public enum Level
{
    /// <summary>"À prendre en compte" (APEC).</summary>
    ToTakeIntoAccount = 1,

    /// <summary>"Précaution d'emploi" (PE).</summary>
    PrecautionForUse = 2,

    /// <summary>"Association déconseillée" (AD, ASDEC).</summary>
    NotRecommended = 3,

    /// <summary>"Contre-indication" (CI).</summary>
    Contraindicated = 4,
}

/// <summary>Aspirin's dose bands, as the thesaurus distinguishes them.</summary>
public enum AspirinDose
{
    /// <summary>50 to 375 mg per day.</summary>
    Antiplatelet,

    /// <summary>≥ 500 mg per intake and/or &lt; 3 g per day.</summary>
    Analgesic,

    /// <summary>≥ 1 g per intake and/or ≥ 3 g per day.</summary>
    AntiInflammatory,
}

/// <summary>The administration routes an entry may be restricted to.</summary>
public enum Route { Oral, Nasal, Dental, Subcutaneous, Intramuscular, Intravenous, Vaginal, Cutaneous, Other }

/// <summary>One level of an entry, with the condition the thesaurus attaches to it (empty: always).</summary>
/// <param name="AspirinDoses">The aspirin dose bands the level applies to; empty: any dose.</param>
public sealed record EntryLevel(Level Level, string Condition, IReadOnlySet<AspirinDose> AspirinDoses);

/// <summary>
/// One entry of the thesaurus: two protagonists (substances or classes, as the thesaurus names them), its levels,
/// the risk and mechanism, what to do, and the routes each side is restricted to when its name says so.
/// </summary>
public sealed record ThesaurusEntry(int Id, string First, string Second, IReadOnlyList<EntryLevel> Levels, string Risk, string Conduct, string Description,
    IReadOnlySet<Route>? FirstRoutes, IReadOnlySet<Route>? SecondRoutes)
{
    public Level Lowest => Levels.Min(l => l.Level);
}

/// <summary>A substance's classes in the thesaurus, and the effect classes among them.</summary>
public sealed record Substance(string Name, string DisplayName, IReadOnlyList<string> Classes);

/// <summary>An edition of the thesaurus, indexed for analysis: every substance pair to the entries that produce it.</summary>
public sealed class Edition
{
    private readonly Dictionary<(string, string), List<(ThesaurusEntry Entry, bool Swapped)>> _pairs;

    public Edition(string name, IReadOnlyList<ThesaurusEntry> entries, IReadOnlyDictionary<string, Substance> substances,
        IReadOnlyDictionary<string, IReadOnlyList<string>> classMembers)
    {
        Name = name;
        Entries = entries;
        ClassMembers = classMembers;
        // Protagonists that are neither a class nor an indexed substance (alcohol, grapefruit juice…) are substances too.
        Substances = substances.Values
            .Concat(entries.SelectMany(e => new[] { e.First, e.Second })
                .Where(p => !classMembers.ContainsKey(p) && !substances.ContainsKey(ThesaurusFiles.WithoutRoute(p)))
                .Select(p => ThesaurusFiles.WithoutRoute(p)).Distinct()
                .Select(p => new Substance(p, p.ToLowerInvariant(), [])))
            .ToDictionary(s => s.Name, StringComparer.Ordinal);
        _pairs = [];
        foreach (var entry in entries)
        {
            foreach (var a in Members(entry.First))
            {
                foreach (var b in Members(entry.Second))
                {
                    Add(a, b, entry);
                }
            }
        }
    }

    /// <summary>The edition's name, e.g. "2019-09": named in every answer.</summary>
    public string Name { get; }

    public IReadOnlyList<ThesaurusEntry> Entries { get; }

    /// <summary>Substances by normalised name (route qualifiers removed).</summary>
    public IReadOnlyDictionary<string, Substance> Substances { get; }

    /// <summary>Classes by normalised name, to their member substances.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ClassMembers { get; }

    public int PairCount => _pairs.Count;

    /// <summary>Every substance pair some entry makes interact (each once, in ordinal order).</summary>
    public IEnumerable<(string, string)> SubstancePairs => _pairs.Keys;

    /// <summary>The entries that make substances <paramref name="a"/> and <paramref name="b"/> interact, each with <c>Swapped</c> true when its first protagonist is <paramref name="b"/>'s side.</summary>
    public IReadOnlyList<(ThesaurusEntry Entry, bool Swapped)> EntriesFor(string a, string b)
    {
        var key = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
        if (!_pairs.TryGetValue(key, out var found))
        {
            return [];
        }
        // Stored with the key's order; report from a's point of view.
        var keySwapped = key.Item1 != a;
        return keySwapped ? [.. found.Select(f => (f.Entry, !f.Swapped))] : found;
    }

    /// <summary>A protagonist's substances: the class's members, or the substance itself (route qualifiers removed).</summary>
    public IReadOnlyList<string> Members(string protagonist)
    {
        var name = ThesaurusFiles.WithoutRoute(protagonist);
        return ClassMembers.TryGetValue(protagonist, out var members) ? members : [name];
    }

    private void Add(string a, string b, ThesaurusEntry entry)
    {
        var key = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
        if (!_pairs.TryGetValue(key, out var list))
        {
            _pairs[key] = list = [];
        }
        // Swapped: the entry's first protagonist is the key's second substance.
        var swapped = key.Item1 != a;
        if (!list.Any(l => l.Entry.Id == entry.Id && l.Swapped == swapped))
        {
            list.Add((entry, swapped));
        }
    }
}
