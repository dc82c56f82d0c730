using System.Text.RegularExpressions;

namespace EdsPlatform.Interactions.Engine;

/// <summary>
/// Reads an edition from its folder, in the format of the structured extraction (see Data/NOTICE.md):
/// <c>thesaurus.tsv</c> (entree, interaction, description_interaction, description_medoc, mecanisme, CI, AD, PE, PC;
/// an empty cell is an absent level) and <c>substances.tsv</c> (molecule, famille; quoted). A newer edition in the
/// same format is loaded by adding its folder.
/// </summary>
public static partial class ThesaurusFiles
{
    public const string EntriesFile = "thesaurus.tsv";
    public const string SubstancesFile = "substances.tsv";

    /// <summary>The index's word for a substance that belongs to no class.</summary>
    private const string NoClass = "INTERACTIONS EN PROPRE SEULEMENT";

    private static readonly (string Marker, Level Level)[] LevelMarkers =
    [
        ("CONTRE-INDICATION", Level.Contraindicated),
        ("ASSOCIATION DECONSEILLEE", Level.NotRecommended),
        ("PRECAUTION D'EMPLOI", Level.PrecautionForUse),
        ("A PRENDRE EN COMPTE", Level.ToTakeIntoAccount),
    ];

    public static Edition Load(string folder)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var (substances, classMembers) = ReadSubstances(Path.Combine(folder, SubstancesFile));
        var entries = ReadEntries(Path.Combine(folder, EntriesFile));
        return new Edition(name, entries, substances, classMembers);
    }

    /// <summary>The substance or class name without its route qualifier: "ADRENALINE (VOIE BUCCO-DENTAIRE OU SOUS-CUTANEE)" → "ADRENALINE".</summary>
    public static string WithoutRoute(string name) => RouteQualifier().Replace(name, "").Trim();

    /// <summary>The routes a protagonist's name restricts it to, or null when it names none.</summary>
    public static IReadOnlySet<Route>? RoutesOf(string name)
    {
        if (!name.Contains("VOIE", StringComparison.Ordinal))
        {
            return null;
        }
        var routes = new HashSet<Route>();
        void When(string word, params Route[] these)
        {
            if (Regex.IsMatch(name, $@"\b{Regex.Escape(word)}\b"))
            {
                routes.UnionWith(these);
            }
        }
        When("ORALE", Route.Oral);
        When("NASALE", Route.Nasal);
        When("BUCCO-DENTAIRE", Route.Dental);
        When("SOUS-CUTANEE", Route.Subcutaneous);
        When("IM", Route.Intramuscular);
        When("IV", Route.Intravenous);
        When("INJECTABLE", Route.Intravenous, Route.Intramuscular, Route.Subcutaneous);
        When("VAGINALE", Route.Vaginal);
        return routes.Count > 0 ? routes : null;
    }

    private static (Dictionary<string, Substance>, Dictionary<string, IReadOnlyList<string>>) ReadSubstances(string path)
    {
        var classesOf = new Dictionary<string, (string Display, List<string> Classes)>(StringComparer.Ordinal);
        var members = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split('\t');
            if (fields.Length < 2)
            {
                continue;
            }
            var display = fields[0].Trim('"');
            var substance = WithoutRoute(Names.Normalize(display));
            var family = Names.Normalize(fields[1].Trim('"'));
            if (!classesOf.TryGetValue(substance, out var known))
            {
                classesOf[substance] = known = (WithoutRoute(display.ToLowerInvariant()), []);
            }
            if (family != NoClass && !known.Classes.Contains(family))
            {
                known.Classes.Add(family);
                (members.TryGetValue(family, out var list) ? list : members[family] = []).Add(substance);
            }
        }
        return (classesOf.ToDictionary(s => s.Key, s => new Substance(s.Key, s.Value.Display, s.Value.Classes), StringComparer.Ordinal),
            members.ToDictionary(m => m.Key, m => (IReadOnlyList<string>)m.Value.Distinct().ToList(), StringComparer.Ordinal));
    }

    private static List<ThesaurusEntry> ReadEntries(string path)
    {
        var entries = new List<ThesaurusEntry>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split('\t');
            if (f.Length < 9)
            {
                continue;
            }
            var (first, second) = (Names.Normalize(f[0]), Names.Normalize(f[1]));
            var description = f[2].Trim();
            var present = new[] { (Level.Contraindicated, f[5]), (Level.NotRecommended, f[6]), (Level.PrecautionForUse, f[7]), (Level.ToTakeIntoAccount, f[8]) }
                .Where(level => level.Item2.Length > 0).ToList();
            if (present.Count == 0)
            {
                // A third of the rows carry their level only in the text ("Association DECONSEILLEE ..."); the
                // thesaurus's weakest level when even that is missing, as the extraction's own expansion counts it.
                var stated = LevelMarkers.Where(m => Names.Normalize(description).StartsWith(m.Marker, StringComparison.Ordinal)).Select(m => m.Level).ToList();
                present = [(stated.Count > 0 ? stated[0] : Level.ToTakeIntoAccount, LevelMarkers.Aggregate(description, (text, m) =>
                    Names.Normalize(text).StartsWith(m.Marker, StringComparison.Ordinal) ? text[m.Marker.Length..].Trim() : text))];
            }
            var risk = f[4].Trim();
            var aspirin = first == Aspirin || second == Aspirin;
            var entryDoses = aspirin ? DosesIn(Names.Normalize(description + " " + risk)) : [];
            var levels = present.Select(level =>
            {
                var condition = present.Count > 1 ? ConditionOf(description, level.Item1) : "";
                var doses = aspirin ? DosesIn(Names.Normalize(condition)) : [];
                return new EntryLevel(level.Item1, condition, doses.Count > 0 ? doses : entryDoses);
            }).OrderByDescending(l => l.Level).ToList();
            var conduct = present.Select(level => level.Item2.Trim()).FirstOrDefault(text => text.Length > 0) ?? "";
            entries.Add(new ThesaurusEntry(entries.Count + 1, first, second, levels, risk, conduct, description, RoutesOf(first), RoutesOf(second)));
        }
        return entries;
    }

    public const string Aspirin = "ACIDE ACETYLSALICYLIQUE";

    /// <summary>The text after a level's heading, up to the next heading of another level ("" when the text has none).</summary>
    private static string ConditionOf(string description, Level level)
    {
        var upper = Names.Normalize(description);
        // The leading codes ("CI - ASDEC - APEC") are not headings.
        var body = LevelCodes().Match(upper) is { Success: true } codes ? codes.Length : 0;
        var starts = LevelMarkers
            .Select(m => (m.Level, Index: upper.IndexOf(m.Marker, body, StringComparison.Ordinal), m.Marker.Length))
            .Where(m => m.Index >= 0).OrderBy(m => m.Index).ToList();
        var at = starts.FindIndex(m => m.Level == level);
        if (at < 0)
        {
            return "";
        }
        var from = starts[at].Index + starts[at].Length;
        var to = at + 1 < starts.Count ? starts[at + 1].Index : upper.Length;
        // Cut the original text at the same places (normalisation keeps the length of plain ASCII text).
        return upper.Length == description.Length ? description[from..to].Trim(' ', ':', '-', '.') : upper[from..to].Trim(' ', ':', '-', '.');
    }

    private static HashSet<AspirinDose> DosesIn(string text)
    {
        var doses = new HashSet<AspirinDose>();
        if (text.Contains("ANTI-INFLAMMATOIRE", StringComparison.Ordinal))
        {
            doses.Add(AspirinDose.AntiInflammatory);
        }
        if (text.Contains("ANTALGIQUE", StringComparison.Ordinal) || text.Contains("ANTIPYRETIQUE", StringComparison.Ordinal))
        {
            doses.Add(AspirinDose.Analgesic);
        }
        if (text.Contains("ANTIAGREGANT", StringComparison.Ordinal))
        {
            doses.Add(AspirinDose.Antiplatelet);
        }
        return doses;
    }

    [GeneratedRegex(@"\s*\((VOIES?|PAR VOIE)[^)]*\)|\s+PAR VOIE\s+\S+")]
    private static partial Regex RouteQualifier();

    [GeneratedRegex(@"^\s*(CI|ASDEC|APEC|PE)(\s*-\s*(CI|ASDEC|APEC|PE))*\s+")]
    private static partial Regex LevelCodes();
}
