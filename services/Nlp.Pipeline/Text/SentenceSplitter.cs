namespace EdsPlatform.Nlp.Pipeline.Text;

/// <summary>A sentence as a range of tokens [<see cref="First"/>, <see cref="End"/>).</summary>
public readonly record struct Sentence(int First, int End);

/// <summary>
/// Sentence boundaries for clinical French: after . ! ? … unless an abbreviation (Dr., M., cf.) or a decimal comes
/// before or after it; before a blank line; before a line that starts with a capital, a bullet or a number
/// (reports are often written as lists without full stops).
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = ["dr", "pr", "m", "mme", "mlle", "mr", "cf", "etc", "vs", "env", "n", "p", "st", "ste", "ex", "fig", "dc", "inf", "sup", "j", "h", "min", "cp", "av", "bd"];

    private static readonly HashSet<string> Bullets = ["-", "•", "*", "·", "–", "—", "►", "▪", "o", ">"];

    public static Sentence[] Split(string text, Token[] tokens)
    {
        var sentences = new List<Sentence>(tokens.Length / 12 + 1);
        var first = 0;
        for (var i = 1; i < tokens.Length; i++)
        {
            if (StartsSentence(text, tokens, i))
            {
                sentences.Add(new Sentence(first, i));
                first = i;
            }
        }
        if (first < tokens.Length)
        {
            sentences.Add(new Sentence(first, tokens.Length));
        }
        return [.. sentences];
    }

    private static bool StartsSentence(string text, Token[] tokens, int i)
    {
        var token = tokens[i];
        var previous = tokens[i - 1];
        if (token.NewlinesBefore >= 2)
        {
            return true;
        }
        if (token.NewlinesBefore == 1 && (token.StartsUpper || Bullets.Contains(token.Norm) || previous.Norm is ":" or "." || token.Kind == TokenKind.Number))
        {
            return true;
        }
        if (previous.Norm is "." or "!" or "?" or "…")
        {
            var glued = token.Start == previous.End;
            if (glued && token.Kind == TokenKind.Number)
            {
                return false; // 10.5
            }
            if (previous.Norm == "." && i >= 2 && tokens[i - 2].Kind == TokenKind.Word && tokens[i - 2].End == previous.Start && Abbreviations.Contains(tokens[i - 2].Norm))
            {
                return false;
            }
            return token.StartsUpper || token.Kind != TokenKind.Word || token.NewlinesBefore > 0;
        }
        return false;
    }
}
