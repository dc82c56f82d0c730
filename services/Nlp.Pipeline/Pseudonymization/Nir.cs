using System.Globalization;

namespace EdsPlatform.Nlp.Pipeline.Pseudonymization;

/// <summary>The French social security number (NIR): 13 digits and a key, 97 − (number mod 97); Corsica's 2A/2B count as 19/18.</summary>
public static class Nir
{
    public static bool IsValid(string candidate)
    {
        var digits = new string(candidate.Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '-').ToArray()).ToUpperInvariant();
        if (digits.Length != 15)
        {
            return false;
        }
        var body = digits[..13].Replace("2A", "19", StringComparison.Ordinal).Replace("2B", "18", StringComparison.Ordinal);
        return long.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && int.TryParse(digits[13..], NumberStyles.None, CultureInfo.InvariantCulture, out var key)
            && key == 97 - (int)(number % 97);
    }

    /// <summary>A valid NIR made of the random digits given (13 of them).</summary>
    public static string WithKey(string thirteenDigits)
    {
        var key = 97 - (int)(long.Parse(thirteenDigits, CultureInfo.InvariantCulture) % 97);
        return $"{thirteenDigits}{key:00}";
    }
}
