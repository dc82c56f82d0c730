using System.Globalization;
using System.Text;

namespace EdsPlatform.Nlp.Pipeline.Text;

/// <summary>
/// The comparison form of French text: lower case, accents removed, œ/æ spelt out, typographic apostrophes and
/// quotes made plain. Computed per character from a table, so folding costs no allocation beyond the result.
/// </summary>
public static class Folding
{
    private static readonly string[] Table = BuildTable();

    /// <summary>The folded form of one character ("é" → "e", "Œ" → "oe", "’" → "'").</summary>
    public static string Fold(char c) => c < Table.Length ? Table[c] : FoldSlow(c);

    public static string Fold(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(Fold(c));
        }
        return builder.ToString();
    }

    public static bool IsApostrophe(char c) => c is '\'' or '’' or '‘' or '`' or 'ʼ';

    private static string[] BuildTable()
    {
        var table = new string[0x2100];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = FoldSlow((char)i);
        }
        return table;
    }

    private static string FoldSlow(char c)
    {
        switch (c)
        {
            case 'œ' or 'Œ':
                return "oe";
            case 'æ' or 'Æ':
                return "ae";
            case 'ß':
                return "ss";
            case 'µ' or 'μ':
                return "µ";
        }
        if (IsApostrophe(c))
        {
            return "'";
        }
        if (char.IsSurrogate(c))
        {
            return c.ToString();
        }
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var part in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(part));
            }
        }
        return builder.ToString();
    }
}
