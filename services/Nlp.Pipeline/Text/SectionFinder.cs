using EdsPlatform.Nlp.Pipeline.Terminology;

namespace EdsPlatform.Nlp.Pipeline.Text;

/// <summary>A titled part of a report: <see cref="Code"/> is the canonical name ("antecedents_familiaux").</summary>
public sealed record Section(string Code, string Title, int Start, int End, int TitleEnd, int FirstToken, int EndToken);

/// <summary>
/// Finds section headings of hospital, consultation and imaging reports: a known title at the start of a line that
/// stands alone, is followed by a colon, or is written in capitals. The text before the first heading is "entete".
/// </summary>
public static class SectionFinder
{
    public const string Header = "entete";

    private static readonly (string Code, string[] Titles)[] Catalogue =
    [
        ("motif", ["motif", "motifs", "motif d'hospitalisation", "motif de l'hospitalisation", "motif de consultation", "motif de la consultation", "motif d'admission", "motif de recours", "motif d'entree"]),
        ("antecedents", ["antecedents", "antecedent", "atcd", "atcds", "antecedents personnels", "antecedents medicaux", "antecedents chirurgicaux", "antecedents medico-chirurgicaux", "antecedents medicaux et chirurgicaux", "antecedents personnels et familiaux"]),
        ("antecedents_familiaux", ["antecedents familiaux", "atcd familiaux", "antecedent familial", "histoire familiale"]),
        ("histoire_maladie", ["histoire de la maladie", "histoire de la maladie actuelle", "hdm", "anamnese", "histoire recente"]),
        ("mode_de_vie", ["mode de vie", "habitus", "contexte social", "contexte de vie", "mode de vie et habitus"]),
        ("allergies", ["allergies", "allergie", "allergies connues"]),
        ("traitement_entree", ["traitement d'entree", "traitement a l'entree", "traitement habituel", "traitements habituels", "traitement en cours", "traitement personnel", "traitements a l'entree"]),
        ("examen_clinique", ["examen clinique", "examen physique", "examen a l'entree", "examen clinique d'entree", "a l'examen", "examen"]),
        ("biologie", ["biologie", "bilan biologique", "examens biologiques", "resultats biologiques"]),
        ("examens_complementaires", ["examens complementaires", "imagerie", "bilan paraclinique", "examens paracliniques"]),
        ("evolution", ["evolution", "evolution dans le service", "evolution clinique", "au cours de l'hospitalisation", "deroulement de l'hospitalisation"]),
        ("traitement_sortie", ["traitement de sortie", "traitements de sortie", "traitement a la sortie", "ordonnance de sortie", "prescriptions de sortie"]),
        ("traitement", ["traitement", "traitements", "prescription", "prescriptions", "conduite a tenir", "cat", "plan de soins"]),
        ("conclusion", ["conclusion", "conclusions", "synthese", "en conclusion", "au total", "diagnostic de sortie", "diagnostics", "diagnostic retenu", "impression"]),
        ("indication", ["indication", "indications", "renseignements cliniques", "renseignement clinique", "contexte clinique", "motif de l'examen", "contexte", "question posee", "demande"]),
        ("technique", ["technique", "protocole", "technique d'examen", "technique et protocole", "sequences", "technique d'acquisition"]),
        ("resultats", ["resultats", "resultat", "description", "analyse", "interpretation", "constatations"]),
    ];

    private static readonly TokenTrie<string> Titles = BuildTitles();

    public static Section[] Find(string text, Token[] tokens, Sentence[] sentences)
    {
        var headings = new List<(string Code, int First, int Next)>();
        // Where each token's line ends, computed once from the end.
        var lineEnd = new int[tokens.Length];
        for (var i = tokens.Length - 1; i >= 0; i--)
        {
            lineEnd[i] = i + 1 < tokens.Length && tokens[i + 1].NewlinesBefore == 0 ? lineEnd[i + 1] : i + 1;
        }
        bool StartsLine(int i) => i == 0 || tokens[i].NewlinesBefore > 0;
        // A title may also open a sentence in the middle of a line: "Antécédents familiaux : néant. Antécédents personnels : HTA."
        var starts = Enumerable.Range(0, tokens.Length).Where(StartsLine).Concat(sentences.Select(s => s.First)).Distinct().Order();
        foreach (var start in starts)
        {
            var end = lineEnd[start];
            if (Titles.LongestMatch(tokens, start, end) is not { } match)
            {
                continue;
            }
            // "Antécédents médicaux personnels :": a colon up to a few words after the title.
            var colon = match.End;
            while (colon < end && colon < match.End + 4 && tokens[colon].Norm != ":")
            {
                colon++;
            }
            var hasColon = colon < end && tokens[colon].Norm == ":";
            if (StartsLine(start) ? match.End == end || hasColon || UpperCaseLine(tokens, start, end) : hasColon && tokens[start].StartsUpper)
            {
                headings.Add((match.Value, start, hasColon ? colon + 1 : match.End));
            }
        }

        var sections = new List<Section>(headings.Count + 1);
        var firstHeading = headings.Count > 0 ? headings[0].First : tokens.Length;
        if (firstHeading > 0)
        {
            sections.Add(new Section(Header, "", 0, Start(tokens, firstHeading, text), 0, 0, firstHeading));
        }
        for (var h = 0; h < headings.Count; h++)
        {
            var (code, first, next) = headings[h];
            var endToken = h + 1 < headings.Count ? headings[h + 1].First : tokens.Length;
            var titleEnd = tokens[next - 1].End;
            sections.Add(new Section(code, text[tokens[first].Start..titleEnd].TrimEnd(':', ' '), tokens[first].Start, Start(tokens, endToken, text), titleEnd, first, endToken));
        }
        return [.. sections];
    }

    /// <summary>The section code at a character offset.</summary>
    public static Section? At(Section[] sections, int offset)
    {
        foreach (var section in sections)
        {
            if (offset >= section.Start && offset < section.End)
            {
                return section;
            }
        }
        return null;
    }

    private static int Start(Token[] tokens, int index, string text) => index < tokens.Length ? tokens[index].Start : text.Length;

    /// <summary>A short line in capitals: "MOTIF D'HOSPITALISATION".</summary>
    private static bool UpperCaseLine(Token[] tokens, int lineStart, int lineEnd)
    {
        var upper = true;
        for (var i = lineStart; i < lineEnd; i++)
        {
            upper &= tokens[i].Kind != TokenKind.Word || tokens[i].AllUpper;
        }
        return upper && lineEnd - lineStart <= 8 && tokens[lineStart].AllUpper;
    }

    private static TokenTrie<string> BuildTitles()
    {
        var trie = new TokenTrie<string>();
        foreach (var (code, titles) in Catalogue)
        {
            foreach (var title in titles)
            {
                trie.Add(title, code);
            }
        }
        return trie;
    }
}
