using System.Globalization;

namespace EdsPlatform.Identity.Pages;

/// <summary>The sign-in pages speak French, or English when the request asks for it (?culture=en, cookie, Accept-Language).</summary>
public static class Ui
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Text(string french, string english) => IsEnglish ? english : french;
}
