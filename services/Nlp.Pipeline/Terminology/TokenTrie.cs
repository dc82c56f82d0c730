using EdsPlatform.Nlp.Pipeline.Text;

namespace EdsPlatform.Nlp.Pipeline.Terminology;

/// <summary>A match of a phrase over tokens [<see cref="First"/>, <see cref="End"/>).</summary>
public readonly record struct TrieMatch<T>(int First, int End, T Value);

/// <summary>
/// Phrases indexed word by word (a trie over folded tokens): finding the longest phrase that starts at a token costs
/// one dictionary lookup per word, whatever the number of phrases, which is what makes a lexicon of thousands of
/// terms cheap compared with one regular expression per term.
/// </summary>
public sealed class TokenTrie<T>(Func<string, string>? key = null)
{
    private readonly Node _root = new();
    private readonly Func<string, string> _key = key ?? (norm => norm);

    public int Count { get; private set; }

    public void Add(string phrase, T value)
    {
        var node = _root;
        var tokens = Tokenizer.Tokenize(phrase);
        if (tokens.Length == 0)
        {
            return;
        }
        foreach (var token in tokens)
        {
            node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            var key = _key(token.Norm);
            if (!node.Children.TryGetValue(key, out var child))
            {
                child = new Node();
                node.Children.Add(key, child);
            }
            node = child;
        }
        node.Values ??= [];
        node.Values.Add(value);
        Count++;
    }

    /// <summary>The longest phrase starting at token <paramref name="first"/> and ending before <paramref name="limit"/>
    /// whose value <paramref name="accept"/> takes (all values by default).</summary>
    public TrieMatch<T>? LongestMatch(Token[] tokens, int first, int limit, Func<T, int, int, bool>? accept = null)
    {
        TrieMatch<T>? best = null;
        var node = _root;
        for (var i = first; i < limit; i++)
        {
            if (node.Children is null || !node.Children.TryGetValue(_key(tokens[i].Norm), out node))
            {
                break;
            }
            if (node.Values is null)
            {
                continue;
            }
            foreach (var value in node.Values)
            {
                if (accept is null || accept(value, first, i + 1))
                {
                    best = new TrieMatch<T>(first, i + 1, value);
                    break;
                }
            }
        }
        return best;
    }

    /// <summary>Every non-overlapping longest match in [<paramref name="first"/>, <paramref name="limit"/>), left to right.</summary>
    public List<TrieMatch<T>> Matches(Token[] tokens, int first, int limit, Func<T, int, int, bool>? accept = null)
    {
        var matches = new List<TrieMatch<T>>();
        var i = first;
        while (i < limit)
        {
            if (LongestMatch(tokens, i, limit, accept) is { } match)
            {
                matches.Add(match);
                i = match.End;
            }
            else
            {
                i++;
            }
        }
        return matches;
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public List<T>? Values;
    }
}
