using System.Globalization;

namespace EdsPlatform.Nlp.Pipeline.Extraction;

/// <summary>Reading resolved dates back: full (2023-03-12), month (2023-03) or year (2023).</summary>
public static class DateResolution
{
    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Days from a resolved date to the note (positive: before the note); the middle of a month or year stands for it.</summary>
    public static int? DaysBefore(string resolved, DateOnly note)
    {
        var date = Parse(resolved);
        return date is null ? null : note.DayNumber - date.Value.DayNumber;
    }

    public static DateOnly? Parse(string resolved)
    {
        var parts = resolved.Split('-');
        if (parts.Length == 0 || parts[0].Length != 4 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var year) || year < 1)
        {
            return null;
        }
        var month = parts.Length > 1 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var m) ? m : 7;
        var day = parts.Length > 2 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var d) ? d : parts.Length > 1 ? 15 : 1;
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }
}
