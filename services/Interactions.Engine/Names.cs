using System.Globalization;
using System.Text;

namespace EdsPlatform.Interactions.Engine;

/// <summary>How names are compared: the thesaurus's own spelling, upper case without accents.</summary>
public static class Names
{
    /// <summary>Upper case, accents and ligatures (Œ, Æ) folded, typographic apostrophes and spaces made plain, spaces collapsed.</summary>
    public static string Normalize(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var plain = c switch
            {
                '’' or '‘' or '`' or '´' => "'",
                'œ' or 'Œ' => "OE",
                'æ' or 'Æ' => "AE",
                '"' or '«' or '»' => "",
                _ when char.IsWhiteSpace(c) => " ",
                _ => char.ToUpperInvariant(c).ToString(),
            };
            if (plain == " ")
            {
                if (!space && folded.Length > 0)
                {
                    folded.Append(' ');
                }
                space = true;
                continue;
            }
            space = false;
            folded.Append(plain);
        }
        return folded.ToString().TrimEnd();
    }
}
