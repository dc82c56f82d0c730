using System.Globalization;

namespace EdsPlatform.Web;

/// <summary>French by default, English on request (the culture cookie set by /culture).</summary>
public static class Ui
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Language => IsEnglish ? "en" : "fr";

    public static string Text(string french, string english) => IsEnglish ? english : french;
}
