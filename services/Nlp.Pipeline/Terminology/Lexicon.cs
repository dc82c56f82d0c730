using EdsPlatform.Nlp.Pipeline.Text;

namespace EdsPlatform.Nlp.Pipeline.Terminology;

/// <summary>A lexicon term: its label (diagnosis, drug), its code (CIM-10, ATC) and the term as written in the lexicon.</summary>
public sealed record Term(string Label, string Code, string Name, bool CaseSensitive);

/// <summary>
/// The terminology the pipeline recognises, as one trie over folded words (plural -s folded too): diagnoses and
/// symptoms with their CIM-10 code, drugs (DCI and brand names) with their ATC code. A term written in capitals in
/// the lexicon (HTA, FA, EP) only matches capitals in the text, so that "fa" or "ep" in a word list do not fire.
/// </summary>
public sealed class Lexicon
{
    // Very common words that some labels reduce to; never a mention on their own.
    private static readonly HashSet<string> Ignored = ["mal", "masse", "poids", "taille", "chute", "perte", "douleur", "signe", "etat", "trouble", "troubles", "lesion", "lesions", "anomalie", "autre", "autres", "sans", "avec", "type", "stade", "cancer"];

    private readonly TokenTrie<Term> _trie = new(Singular);

    public int Count => _trie.Count;

    public void Add(string label, string code, string name)
    {
        name = name.Trim();
        var tokens = Tokenizer.Tokenize(name);
        if (tokens.Length == 0 || tokens.Length == 1 && (Ignored.Contains(tokens[0].Norm) || tokens[0].Length < 2 || tokens[0].Kind != TokenKind.Word))
        {
            return;
        }
        var caseSensitive = tokens.Length == 1 && tokens[0].AllUpper && tokens[0].Length <= 5;
        _trie.Add(name, new Term(label, code, name, caseSensitive));
    }

    /// <summary>Reads "term&lt;TAB&gt;code" lines (a header line and lines starting with # are skipped).</summary>
    public void AddFile(string path, string label)
    {
        var first = true;
        foreach (var line in File.ReadLines(path))
        {
            if (first || line.Length == 0 || line[0] == '#')
            {
                first = false;
                continue;
            }
            var tab = line.IndexOf('\t');
            if (tab > 0)
            {
                var end = line.IndexOf('\t', tab + 1);
                Add(label, line[(tab + 1)..(end < 0 ? line.Length : end)].Trim(), line[..tab]);
            }
        }
    }

    /// <summary>The lexicon shipped with the pipeline (Data/lexicons), found next to the assembly.</summary>
    public static Lexicon LoadDefault(string? folder = null)
    {
        folder ??= Path.Combine(AppContext.BaseDirectory, "NlpData", "lexicons");
        var lexicon = new Lexicon();
        foreach (var (file, label) in new[] { ("diagnoses.tsv", EntityLabels.Diagnosis), ("drugs.tsv", EntityLabels.Drug) })
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path))
            {
                lexicon.AddFile(path, label);
            }
        }
        return lexicon;
    }

    /// <summary>Every longest, non-overlapping term in the text, sentence by sentence.</summary>
    public List<Entity> Match(ClinicalText text)
    {
        var entities = new List<Entity>();
        var tokens = text.Tokens;
        foreach (var sentence in text.Sentences)
        {
            foreach (var match in _trie.Matches(tokens, sentence.First, sentence.End, (term, first, end) => !term.CaseSensitive || tokens[first].AllUpper))
            {
                var term = match.Value;
                var start = tokens[match.First].Start;
                var end = tokens[match.End - 1].End;
                entities.Add(new Entity
                {
                    Label = term.Label,
                    Start = start,
                    End = end,
                    Text = text.Text[start..end],
                    Cim10 = term.Label == EntityLabels.Diagnosis ? term.Code : null,
                    Atc = term.Label == EntityLabels.Drug ? term.Code : null,
                    Norm = term.Name,
                    FirstToken = match.First,
                    EndToken = match.End,
                });
            }
        }
        return entities;
    }

    private static string Singular(string norm) =>
        norm.Length > 3 && norm[^1] == 's' && norm[^2] != 's' ? norm[..^1]
        : norm.Length > 4 && norm.EndsWith("aux", StringComparison.Ordinal) ? norm[..^3] + "al"
        : norm;
}
