using System.Text.RegularExpressions;
using EdsPlatform.Nlp.Pipeline.Extraction;
using EdsPlatform.Nlp.Pipeline.Text;

namespace EdsPlatform.Nlp.Pipeline.Pseudonymization;

/// <summary>An identifying span with one of eds-pseudo's thirteen labels.</summary>
public sealed record Identifier(string Label, int Start, int End, string Text);

/// <summary>eds-pseudo's labels.</summary>
public static class IdentifierLabels
{
    public const string Nom = "NOM", Prenom = "PRENOM", Date = "DATE", DateNaissance = "DATE_NAISSANCE", Tel = "TEL", Mail = "MAIL", Secu = "SECU",
        Ipp = "IPP", Nda = "NDA", Adresse = "ADRESSE", Ville = "VILLE", Zip = "ZIP", Hopital = "HOPITAL";
}

/// <summary>
/// Finds the identifiers of a clinical document: structured ones with patterns (phone, e-mail, NIR with its key,
/// IPP/NDA after their label, postcode and town, street address, hospital, dates and birth dates) and names: after a
/// title (M., Mme, Dr, Pr, Nom :), a first name of the lexicon followed by a capitalised word, then every other
/// capitalised occurrence of a name found (not eponyms such as "maladie de Parkinson", not the same word in lower
/// case: "Mme Petit" is a name, "petit nodule" is not).
/// </summary>
public sealed partial class IdentifierFinder(NameLexicon names)
{
    private const string Capitalised = @"[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ][\p{L}'’\-]+";

    [GeneratedRegex(@"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Mail();

    [GeneratedRegex(@"(?<![\d/])(?:(?:\+|00)\s?33\s?\(?0?\)?\s?[1-9]|0[1-9])(?:[\s.\-]?\d{2}){4}(?![\d/])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<![\d])[12]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NirCandidate();

    [GeneratedRegex(@"\b(?:NIR|INS|n°\s?(?:de\s)?s[ée]cu(?:rit[ée] sociale)?|s[ée]curit[ée] sociale|num[ée]ro de s[ée]cu(?:rit[ée] sociale)?)\s*(?:n°|:|=)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NirLabel();

    [GeneratedRegex(@"\b(?<label>IPP|NIP|N°\s?patient|num[ée]ro (?:de |du )?patient|identifiant patient|ID patient|NDA|NDS|N°\s?(?:de\s)?dossier|num[ée]ro de (?:dossier|s[ée]jour|venue)|N°\s?(?:de\s)?s[ée]jour|N°\s?(?:de\s)?venue|n° d'admission)\s*(?:n°|:|=|#)?\s*(?<id>[A-Z]{0,3}\d[\dA-Z\-]{3,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RecordNumber();

    [GeneratedRegex(@"(?<![\d])(?<zip>(?:0[1-9]|[1-8]\d|9[0-8])\d{3})(?!\d)[ ,]+(?<town>" + Capitalised + @"(?:(?:[ \-](?:[Ss]ur|[Ss]ous|[Ll]es?|[Ll]a|[Ee]n|de|d'|du|des|aux|" + Capitalised + @"))*)(?:\s+(?:CEDEX|Cedex)(?:\s\d+)?)?)", RegexOptions.CultureInvariant)]
    private static partial Regex ZipTown();

    [GeneratedRegex(@"(?:\b(?:n[ée]e?|domicili[ée]e?|habite|demeurant|r[ée]sidant|vit|originaire de|transf[ée]r[ée]e? (?:de|vers))\s+(?:à|a|de|d')\s*|(?:Ville|Commune)\s*:\s*)(?<town>" + Capitalised + @"(?:[ \-](?:[Ss]ur|[Ss]ous|[Ll]es?|[Ll]a|[Ee]n|de|du|" + Capitalised + @"))*)", RegexOptions.CultureInvariant)]
    private static partial Regex TownAfterVerb();

    [GeneratedRegex(@"\b\d{1,4}(?:\s?(?:bis|ter|b))?,?\s+(?:rue|avenue|av\.|bd|boulevard|place|chemin|all[ée]e|impasse|route|quai|cours|square|r[ée]sidence|lotissement|lieu-dit|voie|passage|rond-point|faubourg|cit[ée]|hameau|sentier|villa|mail|parvis|esplanade)\b[^\n,;]{2,60}?(?=\s*(?:,|\n|;|\s\d{5}|$|\.\s))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Street();

    [GeneratedRegex(@"\b(?:CHU|CHR|CHRU|CHI|CHG|CH|AP-HP|APHP|HCL|Centre [Hh]ospitalier(?: [Uu]niversitaire| [Rr][ée]gional| [Ii]ntercommunal| [Gg][ée]n[ée]ral)?|H[ôo]pital|HÔPITAL|HOPITAL|Clinique|CLINIQUE|Polyclinique|Groupe [Hh]ospitalier|GHU|GH|Institut|Centre de [Ss]ant[ée]|EHPAD|Maternit[ée])(?:\s+(?:de\s+|d'|d’|du\s+|des\s+|la\s+|le\s+|les\s+)?" + Capitalised + @"(?:[ \-](?:de|d'|du|des|la|le|les|sur|" + Capitalised + @"))*)+", RegexOptions.CultureInvariant)]
    private static partial Regex Hospital();

    [GeneratedRegex(@"(?:n[ée]e?\s+le|date de naissance|DDN|naissance|n[ée]e?\s+en|n[ée]e?\s+du)\s*:?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BirthLabel();

    private static readonly string[] StayWords = ["nda", "nds", "dossier", "sejour", "venue", "admission"];

    private static readonly HashSet<string> Titles = ["m", "mr", "mme", "mlle", "monsieur", "madame", "mademoiselle", "dr", "docteur", "pr", "professeur", "me", "maitre", "nom", "prenom", "prenoms", "patient", "patiente", "nom de naissance", "nom d'usage", "epouse", "ep", "nee", "confrere", "consoeur", "cher", "chere", "interne", "externe", "ide", "infirmier", "infirmiere", "signe"];

    // Words that name an eponym's disease or sign: the capitalised word after them is not a person of the document.
    private static readonly HashSet<string> EponymHeads = ["maladie", "syndrome", "signe", "score", "polygone", "test", "manoeuvre", "classification", "echelle", "espace", "espaces", "loi", "triade", "reflexe", "phenomene", "tetralogie", "canal", "cellule", "cellules", "fracture", "kyste", "hernie", "ligne", "point", "critere", "criteres", "methode", "technique", "operation", "intervention", "procedure", "sonde", "tube", "liquide", "grade", "stade", "index", "indice", "formule", "cercle", "angle", "diverticule", "ulcere", "thyroidite", "encephalopathie", "paralysie", "chorée", "choree", "lymphome", "sarcome", "tumeur", "anomalie", "aneurysme", "corps", "nodule", "nodules", "noyau", "trompe", "region", "aire", "circuit", "fibres", "epreuve", "position", "regime", "bandelette", "scope", "etat"];

    private static readonly HashSet<string> Eponyms = ["parkinson", "alzheimer", "crohn", "basedow", "horton", "murphy", "glasgow", "willis", "babinski", "virchow", "robin", "hashimoto", "cushing", "addison", "raynaud", "kaposi", "hodgkin", "guillain", "barre", "wilson", "paget", "lasegue", "romberg", "lyme", "creutzfeldt", "jakob", "marfan", "down", "turner", "bouveret", "wolff", "white", "still", "behcet", "biermer", "bouchard", "charcot", "gilbert", "graves", "huntington", "kawasaki", "ménière", "meniere", "sjogren", "takayasu", "whipple", "fahr", "dandy", "walker", "arnold", "chiari", "sylvius", "monro", "galien", "broca", "wernicke", "korsakoff", "tourette", "duchenne", "becker", "recklinghausen", "bourneville", "sturge", "weber", "hippel", "lindau", "kernohan", "fisher", "spetzler", "fazekas", "nyha", "child", "pugh", "apgar", "gleason", "breslow", "clark", "ann", "arbor", "binet", "rai", "bishop", "mallory", "weiss", "barrett", "zenker", "meckel", "hirschsprung", "fallot", "eisenmenger", "ebstein", "laennec", "koch", "gram", "ziehl", "quincke", "stevens", "johnson", "lyell", "dupuytren", "colles", "pouteau", "monteggia", "galeazzi", "osgood", "schlatter", "scheuermann", "perthes", "legg", "calve", "forestier", "pott", "tinel", "phalen", "hoffmann", "trendelenburg", "lachman", "mcmurray", "homans", "harris", "benedict", "cockcroft", "gault", "mdrd", "framingham", "wells", "geneve", "sokolow", "holter", "doppler", "swan", "ganz", "foley", "seldinger", "hartmann", "billroth", "whipple", "nissen", "heller", "bricker", "valsalva", "epley", "heimlich", "cheyne", "stokes", "kussmaul", "lewy", "pick", "binswanger", "schwann", "purkinje", "langerhans", "hodgkin", "burkitt", "wilms", "ewing", "merkel", "bowen", "kaplan", "meier", "cox", "student", "fischer", "pearson", "spearman", "wilcoxon", "karnofsky", "ecog", "oms", "rankin", "nihss", "mms", "folstein"];

    private static readonly HashSet<string> NotNames = ["le", "la", "les", "de", "du", "des", "et", "ou", "en", "au", "aux", "un", "une", "service", "hopital", "clinique", "centre", "chu", "ch", "madame", "monsieur", "docteur", "patient", "patiente", "nom", "prenom", "date", "ne", "nee", "age", "agee", "ans", "le", "cher", "chere", "confrere", "tel", "mail", "adresse", "ipp", "nda", "motif", "conclusion", "antecedents", "examen", "traitement", "irm", "scanner", "radiographie", "compte", "rendu", "hospitalisation", "consultation", "urgences", "medecin", "interne", "cardiologie", "neurologie", "pneumologie", "radiologie", "medecine", "chirurgie", "pole", "unite", "ville", "code", "postal", "sexe", "masculin", "feminin", "lettre", "objet", "ref", "nir", "ins", "secu", "pour", "par", "avec", "sur", "dans", "chez", "suite", "bonjour", "merci"];

    public IReadOnlyList<Identifier> Find(ClinicalText text)
    {
        var found = new List<Identifier>();
        var source = text.Text;
        Add(found, Mail().Matches(source), IdentifierLabels.Mail, source);
        foreach (Match m in NirCandidate().Matches(source))
        {
            if (Nir.IsValid(m.Value) || NirLabel().IsMatch(source[Math.Max(0, m.Index - 40)..m.Index]))
            {
                Add(found, IdentifierLabels.Secu, m.Index, m.Length, source);
            }
        }
        Add(found, Phone().Matches(source), IdentifierLabels.Tel, source);
        foreach (Match m in RecordNumber().Matches(source))
        {
            Add(found, RecordLabel(m.Groups["label"].Value), m.Groups["id"].Index, m.Groups["id"].Length, source);
        }
        foreach (Match m in Street().Matches(source))
        {
            Add(found, IdentifierLabels.Adresse, m.Index, m.Length, source);
        }
        foreach (Match m in Hospital().Matches(source))
        {
            Add(found, IdentifierLabels.Hopital, m.Index, m.Length, source);
        }
        foreach (Match m in ZipTown().Matches(source))
        {
            Add(found, IdentifierLabels.Zip, m.Groups["zip"].Index, m.Groups["zip"].Length, source);
            Add(found, IdentifierLabels.Ville, m.Groups["town"].Index, m.Groups["town"].Length, source);
        }
        foreach (Match m in TownAfterVerb().Matches(source))
        {
            Add(found, IdentifierLabels.Ville, m.Groups["town"].Index, m.Groups["town"].Length, source);
        }
        foreach (var date in DateExtractor.Extract(source, text.NoteDate))
        {
            // Written dates only: "hier" or "il y a 3 jours" identify no one.
            if (date.Label == EntityLabels.Date && date.Norm is null or ['?', ..])
            {
                var birth = BirthLabel().IsMatch(source[Math.Max(0, date.Start - 30)..date.Start]);
                Add(found, birth ? IdentifierLabels.DateNaissance : IdentifierLabels.Date, date.Start, date.End - date.Start, source);
            }
        }
        FindNames(text, found);
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>A stay's number (NDA: dossier, séjour, venue, admission) or else the patient's (IPP).</summary>
    private static string RecordLabel(string label)
    {
        var folded = Text.Folding.Fold(label);
        return StayWords.Any(word => folded.Contains(word, StringComparison.Ordinal)) ? IdentifierLabels.Nda : IdentifierLabels.Ipp;
    }

    private void FindNames(ClinicalText text, List<Identifier> found)
    {
        var tokens = text.Tokens;
        var known = new Dictionary<string, string>(StringComparer.Ordinal); // folded name → label
        for (var i = 0; i < tokens.Length; i++)
        {
            var afterTitle = TitleEndingAt(tokens, i);
            if (afterTitle < 0 && !(tokens[i].StartsUpper && names.IsFirstName(tokens[i].Norm) && i + 1 < tokens.Length && NameToken(text, i + 1)))
            {
                continue;
            }
            var start = afterTitle < 0 ? i : afterTitle;
            var parts = NameParts(text, start);
            if (parts.Count == 0 || afterTitle < 0 && (parts.Count < 2 || IsEponym(text, start)))
            {
                continue;
            }
            var title = afterTitle < 0 ? "" : tokens[i].Norm;
            var labels = Classify(text, parts, title);
            for (var p = 0; p < parts.Count; p++)
            {
                var (first, end) = parts[p];
                if (Add(found, labels[p], tokens[first].Start, tokens[end - 1].End - tokens[first].Start, text.Text))
                {
                    known.TryAdd(Text.Folding.Fold(text.Slice(first, end)), labels[p]);
                }
            }
            i = parts[^1].End - 1;
        }
        // Every other capitalised occurrence of a name already found is that person again.
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!tokens[i].StartsUpper || !known.TryGetValue(tokens[i].Norm, out var label) || IsEponym(text, i))
            {
                continue;
            }
            var sentence = text.SentenceOf(i);
            var commonWordAtStart = i == sentence.First && !tokens[i].AllUpper && i + 1 < tokens.Length && tokens[i + 1].IsWord && !tokens[i + 1].StartsUpper;
            if (!commonWordAtStart)
            {
                Add(found, label, tokens[i].Start, tokens[i].Length, text.Text);
            }
        }
    }

    /// <summary>When a title ends at token <paramref name="i"/> ("Dr", "Mme", "Nom :"), the token where the name starts; otherwise −1.</summary>
    private static int TitleEndingAt(Token[] tokens, int i)
    {
        if (!tokens[i].IsWord || !Titles.Contains(tokens[i].Norm))
        {
            return -1;
        }
        var next = i + 1;
        while (next < tokens.Length && tokens[next].Norm is "." or ":" && next <= i + 2)
        {
            next++;
        }
        return next < tokens.Length && tokens[next].NewlinesBefore == 0 ? next : -1;
    }

    private static bool NameToken(ClinicalText text, int i)
    {
        var token = text.Tokens[i];
        return token.IsWord && token.StartsUpper && token.Length >= 2 && !NotNames.Contains(token.Norm) && !Titles.Contains(token.Norm) && !Eponyms.Contains(token.Norm);
    }

    /// <summary>Up to three capitalised words (hyphenated ones kept whole: Jean-Pierre) starting at <paramref name="start"/>.</summary>
    private static List<(int First, int End)> NameParts(ClinicalText text, int start)
    {
        var tokens = text.Tokens;
        var parts = new List<(int, int)>();
        var i = start;
        while (i < tokens.Length && parts.Count < 3 && NameToken(text, i) && (parts.Count == 0 || tokens[i].NewlinesBefore == 0))
        {
            var end = i + 1;
            while (end + 1 < tokens.Length && tokens[end].Norm == "-" && tokens[end].Start == tokens[end - 1].End && tokens[end + 1].Start == tokens[end].End && NameToken(text, end + 1))
            {
                end += 2;
            }
            parts.Add((i, end));
            i = end;
        }
        return parts;
    }

    private string[] Classify(ClinicalText text, List<(int First, int End)> parts, string title)
    {
        var tokens = text.Tokens;
        var labels = new string[parts.Count];
        Array.Fill(labels, IdentifierLabels.Nom);
        if (title is "prenom" or "prenoms")
        {
            Array.Fill(labels, IdentifierLabels.Prenom);
            return labels;
        }
        if (parts.Count == 1 || title is "nom" or "nom de naissance" or "nom d'usage" or "ep" or "epouse" or "nee")
        {
            return labels;
        }
        bool FirstName(int p) => names.IsFirstName(Text.Folding.Fold(text.Slice(parts[p].First, parts[p].End)).Split('-')[0]);
        bool Upper(int p) => tokens[parts[p].First].AllUpper;
        // "DUPONT Jean", "Dupont Jean": the surname first; "Jean Dupont", "Jean DUPONT": the first name first.
        var surnameFirst = Upper(0) && !Upper(1) || !FirstName(0) && FirstName(1)
            || FirstName(0) && FirstName(1) && names.IsSurname(Text.Folding.Fold(text.Slice(parts[0].First, parts[0].End))) && !names.IsSurname(Text.Folding.Fold(text.Slice(parts[1].First, parts[1].End)));
        labels[surnameFirst ? 1 : 0] = IdentifierLabels.Prenom;
        return labels;
    }

    private static bool IsEponym(ClinicalText text, int i)
    {
        var tokens = text.Tokens;
        if (Eponyms.Contains(tokens[i].Norm))
        {
            return true;
        }
        // "maladie de Parkinson", "signe de Murphy", "espaces de Virchow-Robin"
        var j = i - 1;
        if (j >= 0 && tokens[j].Norm is "de" or "d'" or "du")
        {
            j--;
        }
        return j >= 0 && j < i - 1 && EponymHeads.Contains(tokens[j].Norm);
    }

    private static void Add(List<Identifier> found, MatchCollection matches, string label, string source)
    {
        foreach (Match m in matches)
        {
            Add(found, label, m.Index, m.Length, source);
        }
    }

    private static bool Add(List<Identifier> found, string label, int start, int length, string source)
    {
        var value = source.Substring(start, length).TrimEnd();
        var end = start + value.Length;
        if (value.Length == 0 || found.Any(f => f.Start < end && start < f.End))
        {
            return false;
        }
        found.Add(new Identifier(label, start, end, value));
        return true;
    }
}
