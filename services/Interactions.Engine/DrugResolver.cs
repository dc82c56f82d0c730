using System.Text.RegularExpressions;

namespace EdsPlatform.Interactions.Engine;

/// <summary>How a prescription line's drug was understood.</summary>
public enum Resolution
{
    /// <summary>A substance of the thesaurus.</summary>
    Resolved,

    /// <summary>A known drug (ATC code or brand) that the thesaurus does not name: it interacts with nothing in it.</summary>
    NotInThesaurus,

    /// <summary>Not understood: the line is reported, never skipped.</summary>
    Unrecognised,
}

/// <summary>A drug as resolved: its substances (thesaurus names), how, and what the line's text said besides.</summary>
public sealed record ResolvedDrug(Resolution Status, IReadOnlyList<string> Substances, string How, decimal? DoseInText, Route? RouteInText);

/// <summary>
/// Resolves what a prescriber writes to thesaurus substances: French DCI (any case and accents; salts and esters
/// such as "bésilate" ignored), brand names, ATC codes, English ingredient names (as OMOP's RxNorm vocabulary
/// writes them), with the dose and form written after the name ("diclofénac 1 % gel", "Kardégic 75 mg").
/// </summary>
public sealed partial class DrugResolver
{
    private static readonly HashSet<string> SaltWords =
    [
        "BESILATE", "BESYLATE", "CHLORHYDRATE", "HYDROCHLORIDE", "MALEATE", "SODIQUE", "SODIUM", "POTASSIQUE", "CALCIQUE", "MAGNESIQUE",
        "TARTRATE", "SUCCINATE", "FUMARATE", "CITRATE", "SULFATE", "PHOSPHATE", "MESILATE", "MESYLATE", "ACETATE", "BROMHYDRATE",
        "DIHYDRATE", "MONOHYDRATE", "TRIHYDRATE", "LYSINATE", "DE", "D'", "BASE",
    ];

    /// <summary>English ingredient names (RxNorm) that are not the French name once accents are folded.</summary>
    private static readonly Dictionary<string, string> EnglishNames = new(StringComparer.Ordinal)
    {
        ["ASPIRIN"] = ThesaurusFiles.Aspirin, ["ACETAMINOPHEN"] = "PARACETAMOL", ["ALBUTEROL"] = "SALBUTAMOL", ["PENICILLIN G"] = "BENZYLPENICILLINE",
        ["CYCLOSPORINE"] = "CICLOSPORINE", ["MEPERIDINE"] = "PETHIDINE", ["EPINEPHRINE"] = "ADRENALINE", ["NOREPINEPHRINE"] = "NORADRENALINE",
        ["VALPROIC ACID"] = "ACIDE VALPROIQUE", ["MYCOPHENOLIC ACID"] = "ACIDE MYCOPHENOLIQUE", ["ALENDRONATE"] = "ACIDE ALENDRONIQUE",
        ["ESTRADIOL"] = "ESTRADIOL", ["GLYBURIDE"] = "GLIBENCLAMIDE", ["LEVOTHYROXINE"] = "LEVOTHYROXINE", ["DEXTROMETHORPHAN"] = "DEXTROMETHORPHANE",
        ["NITROGLYCERIN"] = "TRINITRINE", ["SIMVASTATIN"] = "SIMVASTATINE", ["ATORVASTATIN"] = "ATORVASTATINE", ["ROSUVASTATIN"] = "ROSUVASTATINE",
    };

    private static readonly Dictionary<string, Route> FormRoutes = new(StringComparer.Ordinal)
    {
        ["GEL"] = Route.Cutaneous, ["CREME"] = Route.Cutaneous, ["POMMADE"] = Route.Cutaneous, ["EMPLATRE"] = Route.Cutaneous, ["PATCH"] = Route.Cutaneous,
        ["COLLYRE"] = Route.Other, ["INJECTABLE"] = Route.Intravenous, ["COMPRIME"] = Route.Oral, ["GELULE"] = Route.Oral, ["SACHET"] = Route.Oral,
        ["SIROP"] = Route.Oral, ["OVULE"] = Route.Vaginal, ["SPRAY"] = Route.Nasal,
    };

    private readonly Edition _edition;
    private readonly Dictionary<string, string> _brands;
    private readonly Dictionary<string, string> _atc;
    private readonly HashSet<string> _known;

    /// <summary>Names the thesaurus qualifies in brackets, by the name alone: "ALCOOL" → "ALCOOL (BOISSON OU EXCIPIENT)".</summary>
    private readonly Dictionary<string, string> _qualified;

    public DrugResolver(Edition edition, IReadOnlyDictionary<string, string> brands, IReadOnlyDictionary<string, string> atc)
    {
        _edition = edition;
        _brands = brands.ToDictionary(b => Names.Normalize(b.Key), b => Names.Normalize(b.Value), StringComparer.Ordinal);
        _atc = atc.ToDictionary(a => a.Key.ToUpperInvariant(), a => Names.Normalize(a.Value), StringComparer.Ordinal);
        _known = [.. _atc.Values, .. _brands.Values];
        _qualified = edition.Substances.Keys.Where(s => s.Contains(" (", StringComparison.Ordinal))
            .GroupBy(s => s[..s.IndexOf(" (", StringComparison.Ordinal)], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).First(), StringComparer.Ordinal);
    }

    /// <summary>Loads brands.tsv and atc.tsv from the data folder (two columns, header, '#' comments).</summary>
    public static DrugResolver Load(Edition edition, string dataFolder) =>
        new(edition, ReadPairs(Path.Combine(dataFolder, "brands.tsv")), ReadPairs(Path.Combine(dataFolder, "atc.tsv")));

    public ResolvedDrug Resolve(string drug)
    {
        var text = Names.Normalize(drug);
        var dose = DoseIn().Match(text) is { Success: true } match
            ? decimal.Parse(match.Groups[1].Value.Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture) * (match.Groups[2].Value == "G" ? 1000 : 1)
            : (decimal?)null;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var route = words.Select(w => FormRoutes.TryGetValue(w, out var r) ? r : (Route?)null).FirstOrDefault(r => r is not null);

        if (_atc.TryGetValue(text, out var byAtc))
        {
            return Found(byAtc, $"ATC code {text}");
        }
        // The longest run of leading words that names something: the rest is dose and form. Each run as written
        // ("HEPARINE SODIQUE" is a substance of its own), then without its salt words ("AMLODIPINE BESILATE").
        var candidates = Enumerable.Range(1, words.Length).Reverse()
            .SelectMany(take => new[] { string.Join(' ', words.Take(take)), string.Join(' ', words.Take(take).Where(w => !SaltWords.Contains(w))) })
            .Where(name => name.Length > 0).Distinct();
        foreach (var name in candidates)
        {
            if (_edition.Substances.ContainsKey(name))
            {
                return Found(name, "substance name");
            }
            if (_brands.TryGetValue(name, out var byBrand))
            {
                return Found(byBrand, $"brand name {name}");
            }
            if (EnglishNames.TryGetValue(name, out var english) || _edition.Substances.ContainsKey(english = name + "E"))
            {
                return Found(english, $"English name {name}");
            }
            if (_known.Contains(name))
            {
                return Found(name, "substance name");
            }
            if (_qualified.TryGetValue(name, out var qualified))
            {
                return Found(qualified, "substance name");
            }
        }
        return new ResolvedDrug(Resolution.Unrecognised, [], "no substance, brand or ATC code of that name", dose, route);

        ResolvedDrug Found(string substance, string how) => _edition.Substances.ContainsKey(substance)
            ? new ResolvedDrug(Resolution.Resolved, [substance], how, dose, route)
            : new ResolvedDrug(Resolution.NotInThesaurus, [substance], how, dose, route);
    }

    /// <summary>Substances whose name or brand starts with (or contains) the text, for autocomplete.</summary>
    public IReadOnlyList<(string Substance, string Label)> Search(string text, int limit)
    {
        var query = Names.Normalize(text);
        return [.. _edition.Substances.Values.Select(s => (s.Name, Label: s.DisplayName))
            .Concat(_brands.Select(b => (Name: b.Value, Label: $"{b.Key.ToLowerInvariant()} ({b.Value.ToLowerInvariant()})")))
            .Where(s => s.Name.Contains(query, StringComparison.Ordinal) || Names.Normalize(s.Label).Contains(query, StringComparison.Ordinal))
            .OrderBy(s => Names.Normalize(s.Label).StartsWith(query, StringComparison.Ordinal) ? 0 : 1).ThenBy(s => s.Label, StringComparer.Ordinal)
            .Take(limit)];
    }

    private static Dictionary<string, string> ReadPairs(string path) => File.ReadLines(path)
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Skip(1)
        .Select(line => line.Split('\t'))
        .Where(fields => fields.Length >= 2)
        .GroupBy(fields => fields[0], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);

    [GeneratedRegex(@"(\d+(?:[.,]\d+)?)\s*(MG|G)\b")]
    private static partial Regex DoseIn();
}
