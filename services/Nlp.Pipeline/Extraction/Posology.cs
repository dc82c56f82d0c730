using System.Text.RegularExpressions;

namespace EdsPlatform.Nlp.Pipeline.Extraction;

/// <summary>
/// Dose, frequency, duration and route written after a drug name, up to the next drug or the end of the line:
/// "metformine 1000 mg 2 fois par jour pendant 3 mois", "paracétamol 1 g si besoin", "amoxicilline 1 g x 3/j".
/// </summary>
public static partial class Posology
{
    [GeneratedRegex(@"^[\s,:(]*(?<dose>\d+(?:[.,]\d+)?(?:\s?(?:-|à)\s?\d+(?:[.,]\d+)?)?\s?(?:mg/kg|mg|g|µg|μg|mcg|UI|ui|ml|mL|gouttes?|cp|comprimés?|gélules?|sachets?|bouffées?|ampoules?|unités?|mmol|%))(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex Dose();

    [GeneratedRegex(@"(?<n>\d+)\s?(?:fois\s+)?(?:/|par\s+|x\s?/?\s?)(?<per>jours?|j|24\s?h|semaines?|sem|mois)\b|\bx\s?(?<n>\d)\s?/\s?(?<per>j|jour|24h)\b|(?<word>matin,? midi et soir|matin et soir|midi et soir|le matin|le soir|au coucher|le midi|une fois par jour|deux fois par jour|trois fois par jour|quotidien(?:ne)?|si besoin|si douleurs?|en cas de douleurs?|à la demande|si nécessaire|si fièvre)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Frequency();

    [GeneratedRegex(@"\b(?<route>per os|voie orale|po|iv|ivd|ivse|intraveineuse?|en intraveineux|sc|sous-cutanée?|im|intramusculaire|inhalée?|en inhalation|transdermique|patch|collyre|locale?|rectale?|sublinguale?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Route();

    public static void Attach(string text, IReadOnlyList<Entity> drugs, IReadOnlyList<Entity> durations)
    {
        for (var i = 0; i < drugs.Count; i++)
        {
            var drug = drugs[i];
            var lineEnd = text.IndexOf('\n', drug.End);
            var end = Math.Min(lineEnd < 0 ? text.Length : lineEnd, Math.Min(drug.End + 90, i + 1 < drugs.Count && drugs[i + 1].Start > drug.End ? drugs[i + 1].Start : text.Length));
            if (end <= drug.End)
            {
                continue;
            }
            var window = text[drug.End..end];
            if (Dose().Match(window) is { Success: true } dose)
            {
                drug.Dose = Regex.Replace(dose.Groups["dose"].Value, @"\s+", " ");
            }
            if (Frequency().Match(window) is { Success: true } frequency)
            {
                drug.Frequency = frequency.Groups["word"].Success ? Word(frequency.Groups["word"].Value) : $"{frequency.Groups["n"].Value}/{Per(frequency.Groups["per"].Value)}";
            }
            if (Route().Match(window) is { Success: true } route)
            {
                drug.Route = route.Groups["route"].Value.ToLowerInvariant();
            }
            if (durations.FirstOrDefault(d => d.Start >= drug.End && d.End <= end) is { } duration)
            {
                drug.Duration = duration.Resolved;
            }
        }
    }

    private static string Per(string unit) => Text.Folding.Fold(unit) switch
    {
        "semaine" or "semaines" or "sem" => "sem",
        "mois" => "mois",
        _ => "j",
    };

    private static string Word(string word) => Text.Folding.Fold(word) switch
    {
        "matin, midi et soir" or "matin midi et soir" or "trois fois par jour" => "3/j",
        "matin et soir" or "midi et soir" or "deux fois par jour" => "2/j",
        "le matin" or "le soir" or "au coucher" or "le midi" or "une fois par jour" or "quotidien" or "quotidienne" => "1/j",
        _ => "si besoin",
    };
}
