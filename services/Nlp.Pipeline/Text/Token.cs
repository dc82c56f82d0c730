namespace EdsPlatform.Nlp.Pipeline.Text;

public enum TokenKind
{
    Word,
    Number,
    Punctuation,
}

/// <summary>
/// A word, number or punctuation mark of the original text. <see cref="Norm"/> is what matching compares (lower case,
/// accents and ligatures folded, typographic apostrophes made plain); offsets always point into the original text.
/// </summary>
public readonly record struct Token(int Start, int End, string Norm, TokenKind Kind, bool StartsUpper, bool AllUpper, int NewlinesBefore)
{
    public int Length => End - Start;

    public bool IsWord => Kind == TokenKind.Word;
}
