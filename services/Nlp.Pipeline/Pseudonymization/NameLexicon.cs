using EdsPlatform.Nlp.Pipeline.Text;

namespace EdsPlatform.Nlp.Pipeline.Pseudonymization;

/// <summary>First names and surnames (folded) that make a capitalised word likely to be a person's name.</summary>
public sealed class NameLexicon(IReadOnlySet<string> firstNames, IReadOnlySet<string> surnames)
{
    public bool IsFirstName(string folded) => firstNames.Contains(folded);

    public bool IsSurname(string folded) => surnames.Contains(folded);

    public static NameLexicon LoadDefault(string? folder = null)
    {
        folder ??= Path.Combine(AppContext.BaseDirectory, "NlpData", "lexicons");
        return new NameLexicon(Read(Path.Combine(folder, "first_names.tsv")), Read(Path.Combine(folder, "surnames.tsv")));
    }

    private static HashSet<string> Read(string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return names;
        }
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var name = line.Split('\t')[0].Trim();
            // Two-letter entries ("Al", "Le") are more often words than names.
            if (name.Length > 2 && !name.StartsWith('#'))
            {
                names.Add(Folding.Fold(name));
            }
        }
        return names;
    }
}
