using System.Text;

namespace EdsPlatform.Nlp.Pipeline.Text;

/// <summary>
/// Splits French text into words, numbers and punctuation marks. An elided article keeps its apostrophe
/// ("l'", "d'", "n'"), so that lexicon terms and cues are written the way a clinician writes them.
/// </summary>
public static class Tokenizer
{
    public static Token[] Tokenize(string text)
    {
        var tokens = new List<Token>(text.Length / 5 + 4);
        var norm = new StringBuilder(32);
        var newlines = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                newlines += c == '\n' ? 1 : 0;
                i++;
                continue;
            }
            var start = i;
            TokenKind kind;
            norm.Clear();
            if (char.IsLetter(c))
            {
                kind = TokenKind.Word;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || char.GetUnicodeCategory(text[i]) == System.Globalization.UnicodeCategory.NonSpacingMark))
                {
                    norm.Append(Folding.Fold(text[i]));
                    i++;
                }
                // Elision: "l'", "d'", "qu'" stay one token with their apostrophe.
                if (i < text.Length && Folding.IsApostrophe(text[i]) && i - start <= 7 && (i + 1 == text.Length || char.IsLetter(text[i + 1]) || char.IsWhiteSpace(text[i + 1])))
                {
                    norm.Append('\'');
                    i++;
                }
            }
            else if (char.IsDigit(c))
            {
                kind = TokenKind.Number;
                while (i < text.Length && char.IsDigit(text[i]))
                {
                    norm.Append(text[i]);
                    i++;
                }
            }
            else
            {
                kind = TokenKind.Punctuation;
                // A surrogate pair is one symbol.
                var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                norm.Append(length == 1 ? Folding.Fold(c) : text.AsSpan(i, 2));
                i += length;
            }
            var (startsUpper, allUpper) = Case(text, start, i, kind);
            tokens.Add(new Token(start, i, norm.ToString(), kind, startsUpper, allUpper, newlines));
            newlines = 0;
        }
        return [.. tokens];
    }

    private static (bool StartsUpper, bool AllUpper) Case(string text, int start, int end, TokenKind kind)
    {
        if (kind != TokenKind.Word)
        {
            return (false, false);
        }
        var allUpper = true;
        var letters = 0;
        for (var i = start; i < end; i++)
        {
            if (char.IsLetter(text[i]))
            {
                letters++;
                allUpper &= char.IsUpper(text[i]);
            }
        }
        return (char.IsUpper(text[start]), allUpper && letters > 0);
    }
}
