using System.Globalization;
using System.Text.RegularExpressions;

namespace EdsPlatform.Nlp.Pipeline.Extraction;

/// <summary>
/// Dates and durations in French: absolute (12/03/2023, 12.03.23, 2023-03-12, 1er mars 2023), partial (mars 2023,
/// en 2018), without a year (le 12 mai: the nearest such day to the note), relative (il y a 3 semaines, depuis 10
/// jours, hier, dans 3 mois) and durations (pendant 7 jours → P7D), resolved against the note date. A date that
/// cannot exist (31/06/2023) is not a date.
/// </summary>
public static partial class DateExtractor
{
    private const string Month = @"(?<month>janvier|janv|f[ée]vrier|f[ée]vr|f[ée]v|mars|avril|avr|mai|juin|juillet|juil|ao[uû]t|septembre|sept|sep|octobre|oct|novembre|nov|d[ée]cembre|d[ée]c)\.?";
    private const string Number = @"(?<n>\d{1,3}|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|quelques|plusieurs)";
    private const string Unit = @"(?<unit>jours?|j|semaines?|sem|mois|ans?|ann[ée]es?|heures?|h)\b";

    [GeneratedRegex(@"\b(?<day>\d{1,2})\s?(?<sep>[/.\-])\s?(?<month>\d{1,2})\s?\k<sep>\s?(?<year>\d{4}|\d{2})(?![\d/])", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b(?<year>(?:19|20)\d{2})-(?<month>\d{2})-(?<day>\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    // "le 09/08": a day and month with no year, only after a word that makes it a date (not "TA 12/8", not "1/2 cp").
    [GeneratedRegex(@"(?<=\b(?:le|du|au|depuis le|jusqu'au|dès le|avant le|après le|vu le|revu le)\s)(?<day>\d{1,2})/(?<month>\d{1,2})(?![\d/])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?<day>\d{1,2}|premier)(?:er)?\s+" + Month + @"(?:\s+(?<year>\d{4}))?(?![\p{L}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TextualDate();

    [GeneratedRegex(@"\b" + Month + @"\s+(?<year>(?:19|20)\d{2})\b|(?<![\d/.])(?<nmonth>0?[1-9]|1[0-2])/(?<year>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"(?<=\b(?:en|depuis|ann[ée]e|d[èe]s|vers|fin|d[ée]but|courant|avant|apr[èe]s|de|l'an)\s+)(?<year>(?:19|20)\d{2})\b(?!\s*(?:mg|g|ml|ui|µg|mcg|kg|mm|cm|m|/))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Year();

    [GeneratedRegex(@"\b(?<dir>il y a|depuis|dans|d'ici|voici)\s+" + Number + @"\s+" + Unit, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex(@"\b(?<word>avant-hier|apr[èe]s-demain|hier|aujourd'hui|aujourd’hui|demain|ce jour)\b|\b(?<period>la semaine|le mois|l'ann[ée]e|l’ann[ée]e|l'an|l’an)\s+(?<which>derni[èe]re?|pass[ée]e?|prochaine?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativeWord();

    [GeneratedRegex(@"\b(?:pendant|durant|sur une dur[ée]e de|pour une dur[ée]e de|pour)\s+" + Number + @"\s+" + Unit, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    public static List<Entity> Extract(string text, DateOnly note)
    {
        var found = new List<Entity>();
        foreach (Match m in DurationPattern().Matches(text))
        {
            if (Amount(m) is { } amount)
            {
                Add(found, m, EntityLabels.Duration, $"P{amount}{IsoUnit(m.Groups["unit"].Value)}", $"during {amount} {EnglishUnit(m.Groups["unit"].Value)}");
            }
        }
        foreach (Match m in IsoDate().Matches(text))
        {
            AddDate(found, m, Day(m), Int(m, "month"), Int(m, "year"));
        }
        foreach (Match m in NumericDate().Matches(text))
        {
            AddDate(found, m, Day(m), Int(m, "month"), FullYear(Int(m, "year"), m.Groups["year"].Length, note));
        }
        foreach (Match m in DayMonth().Matches(text))
        {
            var month = Int(m, "month");
            if (month is >= 1 and <= 12 && Nearest(note, month, Day(m)) is { } nearest)
            {
                Add(found, m, EntityLabels.Date, DateResolution.Format(nearest), $"????-{month:00}-{Day(m):00}");
            }
        }
        foreach (Match m in TextualDate().Matches(text))
        {
            var month = MonthNumber(m.Groups["month"].Value);
            if (m.Groups["year"].Success)
            {
                AddDate(found, m, Day(m), month, Int(m, "year"));
            }
            else if (Nearest(note, month, Day(m)) is { } nearest)
            {
                Add(found, m, EntityLabels.Date, DateResolution.Format(nearest), $"????-{month:00}-{Day(m):00}");
            }
        }
        foreach (Match m in MonthYear().Matches(text))
        {
            var month = m.Groups["month"].Success ? MonthNumber(m.Groups["month"].Value) : Int(m, "nmonth");
            Add(found, m, EntityLabels.Date, $"{Int(m, "year"):0000}-{month:00}", null);
        }
        foreach (Match m in Year().Matches(text))
        {
            Add(found, m, EntityLabels.Date, $"{Int(m, "year"):0000}", null);
        }
        foreach (Match m in Relative().Matches(text))
        {
            if (Amount(m) is not { } amount)
            {
                continue;
            }
            var future = m.Groups["dir"].Value.ToLowerInvariant() is "dans" or "d'ici";
            var unit = m.Groups["unit"].Value;
            var date = Shift(note, future ? amount : -amount, unit);
            Add(found, m, EntityLabels.Date, date is null ? null : DateResolution.Format(date.Value), $"{(future ? "+" : "-")}{amount} {EnglishUnit(unit)}");
        }
        foreach (Match m in RelativeWord().Matches(text))
        {
            var days = m.Groups["word"].Success
                ? Folded(m.Groups["word"].Value) switch { "avant-hier" => -2, "hier" => -1, "demain" => 1, "apres-demain" => 2, _ => 0 }
                : 0;
            var shifted = (DateOnly?)note.AddDays(days);
            var norm = $"{days:+0;-0;~0} day";
            if (m.Groups["period"].Success)
            {
                var sign = Folded(m.Groups["which"].Value).StartsWith("prochain", StringComparison.Ordinal) ? 1 : -1;
                var unit = Folded(m.Groups["period"].Value) switch { "la semaine" => "semaine", "le mois" => "mois", _ => "an" };
                shifted = Shift(note, sign, unit);
                norm = $"{sign:+0;-0} {EnglishUnit(unit)}";
            }
            Add(found, m, EntityLabels.Date, shifted is null ? null : DateResolution.Format(shifted.Value), norm);
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static void AddDate(List<Entity> found, Match m, int day, int month, int year)
    {
        if (year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            Add(found, m, EntityLabels.Date, DateResolution.Format(new DateOnly(year, month, day)), null);
        }
    }

    private static void Add(List<Entity> found, Match m, string label, string? resolved, string? norm)
    {
        var start = m.Index;
        var end = m.Index + m.Length;
        if (found.Any(e => e.Start < end && start < e.End))
        {
            return; // a longer reading of these words came first
        }
        found.Add(new Entity { Label = label, Start = start, End = end, Text = m.Value, Resolved = resolved, Norm = norm });
    }

    private static DateOnly? Nearest(DateOnly note, int month, int day)
    {
        DateOnly? best = null;
        for (var year = note.Year - 1; year <= note.Year + 1; year++)
        {
            if (day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                var candidate = new DateOnly(year, month, day);
                if (best is null || Math.Abs(candidate.DayNumber - note.DayNumber) < Math.Abs(best.Value.DayNumber - note.DayNumber))
                {
                    best = candidate;
                }
            }
        }
        return best;
    }

    private static DateOnly? Shift(DateOnly note, int amount, string unit)
    {
        try
        {
            return Folded(unit) switch
            {
                "j" or "jour" or "jours" => note.AddDays(amount),
                "sem" or "semaine" or "semaines" => note.AddDays(7 * amount),
                "mois" => note.AddMonths(amount),
                "h" or "heure" or "heures" => note.AddDays(amount / 24),
                _ => note.AddYears(amount),
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static int? Amount(Match m)
    {
        var n = Folded(m.Groups["n"].Value);
        if (int.TryParse(n, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        return n switch
        {
            "un" or "une" => 1, "deux" => 2, "trois" => 3, "quatre" => 4, "cinq" => 5, "six" => 6, "sept" => 7, "huit" => 8, "neuf" => 9, "dix" => 10,
            "onze" => 11, "douze" => 12, "treize" => 13, "quatorze" => 14, "quinze" => 15, "seize" => 16, "vingt" => 20, "trente" => 30, "quarante" => 40,
            "quelques" => 3, "plusieurs" => 3,
            _ => null,
        };
    }

    /// <summary>A French time unit as ISO 8601 writes it in a duration (D, W, M, TH, Y) and as eds-nlp's norms name it (days …).</summary>
    private static (string Iso, string English) TimeUnit(string unit) => Folded(unit) switch
    {
        "j" or "jour" or "jours" => ("D", "days"),
        "sem" or "semaine" or "semaines" => ("W", "weeks"),
        "mois" => ("M", "months"),
        "h" or "heure" or "heures" => ("TH", "hours"),
        _ => ("Y", "years"),
    };

    private static string IsoUnit(string unit) => TimeUnit(unit).Iso;

    private static string EnglishUnit(string unit) => TimeUnit(unit).English;

    private static int MonthNumber(string name) => Folded(name).TrimEnd('.') switch
    {
        "janvier" or "janv" => 1,
        "fevrier" or "fevr" or "fev" => 2,
        "mars" => 3,
        "avril" or "avr" => 4,
        "mai" => 5,
        "juin" => 6,
        "juillet" or "juil" => 7,
        "aout" => 8,
        "septembre" or "sept" or "sep" => 9,
        "octobre" or "oct" => 10,
        "novembre" or "nov" => 11,
        _ => 12,
    };

    private static int FullYear(int year, int digits, DateOnly note) => digits == 4 ? year : year + (year <= note.Year % 100 + 1 ? 2000 : 1900);

    private static int Day(Match m) => m.Groups["day"].Value.Equals("premier", StringComparison.OrdinalIgnoreCase) ? 1 : Int(m, "day");

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static string Folded(string text) => Text.Folding.Fold(text);
}
