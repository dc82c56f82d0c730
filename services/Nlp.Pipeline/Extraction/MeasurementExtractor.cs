using System.Globalization;
using System.Text.RegularExpressions;
using EdsPlatform.Nlp.Pipeline.Terminology;
using EdsPlatform.Nlp.Pipeline.Text;

namespace EdsPlatform.Nlp.Pipeline.Extraction;

/// <summary>
/// Measurements: a value (French decimal comma, thousands spaces), a range (4-10) or a pair (TA 178/96) followed by a
/// unit, normalised (g/dl → g/dL, µmol/l → µmol/L, bpm → /min); the analyte is the nearest known name before the value
/// in the same sentence (Hb, créatinine, TA …). A few analytes have no unit (pH, INR) and are read when named.
/// </summary>
public static partial class MeasurementExtractor
{
    private const string Value = @"\d{1,3}(?:[  ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?";

    // Longest spellings first: the alternation takes the first that fits.
    private static readonly (string Pattern, string Unit)[] Units =
    [
        (@"m[lL]\s?/\s?min\s?/\s?1[.,]73\s?m(?:²|2)", "mL/min/1.73m²"), (@"m[lL]/min", "mL/min"), (@"[µμu]mol\s?/\s?[lL]", "µmol/L"), (@"mmol\s?/\s?[lL]", "mmol/L"),
        (@"mmol\s?/\s?kg", "mmol/kg"), (@"m[eE]q\s?/\s?[lL]", "mEq/L"), (@"n?mol\s?/\s?[lL]", "nmol/L"), (@"ng\s?/\s?m[lL]", "ng/mL"), (@"ng\s?/\s?[lL]", "ng/L"),
        (@"pg\s?/\s?m[lL]", "pg/mL"), (@"[µμu]g\s?/\s?[lL]", "µg/L"), (@"mg\s?/\s?d[lL]", "mg/dL"), (@"g\s?/\s?d[lL]", "g/dL"), (@"mg\s?/\s?kg", "mg/kg"),
        (@"mg\s?/\s?[lL]", "mg/L"), (@"mg\s?/\s?24\s?h", "mg/24h"), (@"G\s?/\s?[lL]", "G/L"), (@"g\s?/\s?[lL]", "g/L"), (@"[tT]\s?/\s?mm3", "/mm³"), (@"/\s?mm(?:3|³)", "/mm³"),
        (@"[uU][iI]\s?/\s?[lL]", "UI/L"), (@"[uU]\s?/\s?[lL]", "UI/L"), (@"mm\s?[hH]g", "mmHg"), (@"cm\s?H2O", "cmH2O"), (@"kg\s?/\s?m(?:²|2)", "kg/m²"),
        (@"bpm", "/min"), (@"batt?(?:ements)?\s?/\s?min", "/min"), (@"cycles\s?/\s?min", "/min"), (@"/\s?min", "/min"), (@"°\s?C", "°C"), (@"°", "°C"),
        (@"%", "%"), (@"mg", "mg"), (@"[µμ]g|mcg", "µg"), (@"kg", "kg"), (@"g", "g"), (@"m[lL]", "mL"), (@"d[lL]", "dL"), (@"[lL]", "L"), (@"mm", "mm"), (@"cm", "cm"),
        (@"dm", "dm"), (@"m", "m"), (@"[uU][iI]", "UI"), (@"sec|s", "s"), (@"ms", "ms"), (@"SA", "SA"),
    ];

    private static readonly Regex Pattern = new(
        $@"(?<![\w,.])(?<v1>{Value})(?:\s?(?<sep>-|à|/|x|×)\s?(?<v2>{Value}))?\s?(?<unit>{string.Join("|", Units.Select((u, i) => $"(?<u{i}>{u.Pattern})"))})(?![\p{{L}}\d²])",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static readonly (string Norm, string[] Names)[] Analytes =
    [
        ("hémoglobine", ["hémoglobine", "hb", "hgb"]), ("hémoglobine glyquée", ["hba1c", "hémoglobine glyquée", "hb glyquée"]),
        ("créatinine", ["créatinine", "créatininémie", "créat"]), ("DFG", ["dfg", "débit de filtration glomérulaire", "clairance", "clairance de la créatinine", "mdrd", "ckd-epi"]),
        ("CRP", ["crp", "protéine c réactive"]), ("plaquettes", ["plaquettes", "plq", "pq"]), ("leucocytes", ["leucocytes", "gb", "globules blancs", "leuco"]),
        ("polynucléaires neutrophiles", ["pnn", "neutrophiles", "polynucléaires neutrophiles"]), ("lymphocytes", ["lymphocytes", "lympho"]),
        ("sodium", ["sodium", "natrémie", "na"]), ("potassium", ["potassium", "kaliémie", "k"]), ("chlore", ["chlore", "chlorémie"]),
        ("calcium", ["calcium", "calcémie"]), ("glycémie", ["glycémie", "glucose", "glycémie à jeun", "gaj"]), ("urée", ["urée", "urémie"]),
        ("pression artérielle", ["ta", "pa", "tension artérielle", "pression artérielle", "tension"]), ("fréquence cardiaque", ["fc", "fréquence cardiaque", "pouls"]),
        ("fréquence respiratoire", ["fr", "fréquence respiratoire"]), ("température", ["t", "t°", "température", "temp"]), ("saturation", ["spo2", "sat", "saturation", "sao2"]),
        ("poids", ["poids", "pds"]), ("taille", ["taille"]), ("IMC", ["imc", "bmi"]), ("troponine", ["troponine", "tropo", "tnt", "tni", "troponine t", "troponine i"]),
        ("BNP", ["bnp"]), ("NT-proBNP", ["nt-probnp", "nt-pro-bnp", "ntprobnp"]), ("ASAT", ["asat", "sgot"]), ("ALAT", ["alat", "sgpt"]), ("GGT", ["ggt", "gamma gt", "γgt"]),
        ("PAL", ["pal", "phosphatases alcalines"]), ("bilirubine", ["bilirubine", "bilirubine totale"]), ("INR", ["inr"]), ("TP", ["tp", "taux de prothrombine"]),
        ("TSH", ["tsh", "tshus"]), ("ferritine", ["ferritine", "ferritinémie"]), ("albumine", ["albumine", "albuminémie"]), ("LDL", ["ldl", "ldl-c", "ldl cholestérol"]),
        ("HDL", ["hdl", "hdl-c"]), ("cholestérol", ["cholestérol", "cholestérol total"]), ("triglycérides", ["triglycérides", "tg"]), ("lactates", ["lactates", "lactatémie"]),
        ("PaO2", ["pao2"]), ("PaCO2", ["paco2"]), ("pH", ["ph"]), ("D-dimères", ["d-dimères", "ddimères", "d-dimères", "dimères"]), ("lipase", ["lipase", "lipasémie"]),
        ("VGM", ["vgm"]), ("procalcitonine", ["pct", "procalcitonine"]), ("PSA", ["psa"]), ("vitamine D", ["vitamine d", "25-oh-d"]), ("glycosurie", ["glycosurie"]),
        ("protéinurie", ["protéinurie"]), ("FEVG", ["fevg", "fraction d'éjection", "fraction d'éjection ventriculaire gauche"]), ("score de Glasgow", ["glasgow", "gcs"]),
        ("EVA", ["eva", "en"]), ("taille de lésion", ["lésion", "nodule", "masse", "kyste", "tumeur", "anévrisme", "méningiome", "adénopathie"]),
    ];

    private static readonly HashSet<string> Unitless = ["pH", "INR", "score de Glasgow", "EVA"];

    [GeneratedRegex(@"^\s*(?:[:=]|à|a|de|est\s+(?:à|de)|mesuré[e]?\s+à|évaluée?\s+à)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Linking();

    private static readonly TokenTrie<string> AnalyteNames = BuildAnalytes();

    public static List<Entity> Extract(ClinicalText text, IReadOnlyList<Entity> taken)
    {
        var found = new List<Entity>();
        foreach (Match m in Pattern.Matches(text.Text))
        {
            if (taken.Any(e => e.Start < m.Index + m.Length && m.Index < e.End))
            {
                continue; // a date (12/03/2023) or a duration, not a measure
            }
            var unit = NormalizeUnit(m);
            var v1 = Parse(m.Groups["v1"].Value);
            var values = m.Groups["v2"].Success ? new[] { v1, Parse(m.Groups["v2"].Value) } : null;
            var analyte = AnalyteBefore(text, m.Index);
            // Bare numbers with a one-letter unit ("3 m", "2 s") are too often something else: keep them when an analyte names them.
            if (unit is "m" or "s" or "L" or "g" && analyte is null)
            {
                continue;
            }
            found.Add(new Entity { Label = EntityLabels.Measurement, Start = m.Index, End = m.Index + m.Length, Text = m.Value, Value = v1, Values = values, Unit = unit, Norm = analyte });
        }
        foreach (var analyte in UnitlessValues(text))
        {
            if (!found.Any(e => e.Start < analyte.End && analyte.Start < e.End) && !taken.Any(e => e.Start < analyte.End && analyte.Start < e.End))
            {
                found.Add(analyte);
            }
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static IEnumerable<Entity> UnitlessValues(ClinicalText text)
    {
        var tokens = text.Tokens;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (AnalyteNames.LongestMatch(tokens, i, Math.Min(tokens.Length, i + 6)) is not { } name || !Unitless.Contains(name.Value))
            {
                continue;
            }
            var j = name.End;
            while (j < tokens.Length && j < name.End + 2 && tokens[j].Norm is ":" or "=" or "a")
            {
                j++;
            }
            if (j < tokens.Length && tokens[j].Kind == TokenKind.Number)
            {
                var end = tokens[j].End;
                if (j + 2 < tokens.Length && tokens[j + 1].Norm is "," or "." && tokens[j + 1].Start == end && tokens[j + 2].Kind == TokenKind.Number && tokens[j + 2].Start == end + 1)
                {
                    end = tokens[j + 2].End;
                }
                var raw = text.Text[tokens[j].Start..end];
                yield return new Entity { Label = EntityLabels.Measurement, Start = tokens[j].Start, End = end, Text = raw, Value = Parse(raw), Norm = name.Value };
            }
            i = name.End - 1;
        }
    }

    /// <summary>The analyte named right before a value: "Hb à 10,2", "créatinine : 98", "TA 178/96".</summary>
    private static string? AnalyteBefore(ClinicalText text, int valueStart)
    {
        var (first, _) = text.TokenRange(valueStart, valueStart + 1);
        var sentence = text.SentenceOf(Math.Min(first, text.Tokens.Length - 1));
        for (var start = first - 1; start >= sentence.First && start >= first - 6; start--)
        {
            if (AnalyteNames.LongestMatch(text.Tokens, start, first) is { } name && Linking().IsMatch(text.Text[text.Tokens[name.End - 1].End..valueStart]))
            {
                return name.Value;
            }
        }
        return null;
    }

    /// <summary>The normalised unit: the one of the alternative that matched (group u&lt;index&gt; of <see cref="Units"/>).</summary>
    private static string NormalizeUnit(Match m)
    {
        for (var i = 0; i < Units.Length; i++)
        {
            if (m.Groups[$"u{i}"].Success)
            {
                return Units[i].Unit;
            }
        }
        return m.Groups["unit"].Value;
    }

    private static double Parse(string value) =>
        double.Parse(value.Replace(" ", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static TokenTrie<string> BuildAnalytes()
    {
        var trie = new TokenTrie<string>();
        foreach (var (norm, names) in Analytes)
        {
            foreach (var name in names)
            {
                trie.Add(name, norm);
            }
        }
        return trie;
    }
}
