namespace EdsPlatform.Nlp.Pipeline.Text;

/// <summary>A text with its tokens, sentences and sections, computed once and shared by every step.</summary>
public sealed class ClinicalText
{
    private readonly int[] _sentenceOfToken;

    public ClinicalText(string text, DateOnly noteDate)
    {
        Text = text;
        NoteDate = noteDate;
        Tokens = Tokenizer.Tokenize(text);
        Sentences = SentenceSplitter.Split(text, Tokens);
        Sections = SectionFinder.Find(text, Tokens, Sentences);
        _sentenceOfToken = new int[Tokens.Length];
        for (var s = 0; s < Sentences.Length; s++)
        {
            for (var t = Sentences[s].First; t < Sentences[s].End; t++)
            {
                _sentenceOfToken[t] = s;
            }
        }
    }

    public string Text { get; }

    public DateOnly NoteDate { get; }

    public Token[] Tokens { get; }

    public Sentence[] Sentences { get; }

    public Section[] Sections { get; }

    public Sentence SentenceOf(int token) => Sentences[_sentenceOfToken[token]];

    /// <summary>The tokens covered by characters [start, end): the first token that ends after start, up to the last that begins before end.</summary>
    public (int First, int End) TokenRange(int start, int end)
    {
        var first = LowerBound(start);
        var last = first;
        while (last < Tokens.Length && Tokens[last].Start < end)
        {
            last++;
        }
        return (first, Math.Max(last, Math.Min(first + 1, Tokens.Length)));
    }

    public string Slice(int firstToken, int endToken) => Text[Tokens[firstToken].Start..Tokens[endToken - 1].End];

    private int LowerBound(int offset)
    {
        int low = 0, high = Tokens.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (Tokens[mid].End <= offset)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}
