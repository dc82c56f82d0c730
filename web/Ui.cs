using System.Globalization;

namespace EdsPlatform.Web;

/// <summary>French by default, English on request (the culture cookie set by /culture).</summary>
public static class Ui
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Language => IsEnglish ? "en" : "fr";

    public static string Text(string french, string english) => IsEnglish ? english : french;

    /// <summary>An enum value as the APIs spell it ("succeeded", "underReview"): stable for CSS classes and tests.</summary>
    public static string Wire(Enum value) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
