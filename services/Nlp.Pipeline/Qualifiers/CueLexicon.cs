using EdsPlatform.Nlp.Pipeline.Terminology;
using EdsPlatform.Nlp.Pipeline.Text;

namespace EdsPlatform.Nlp.Pipeline.Qualifiers;

[Flags]
public enum CueKind
{
    None = 0,
    NegationBefore = 1 << 0,
    NegationAfter = 1 << 1,
    /// <summary>"non": negates only the word right after it ("cancer non métastasé"), or the entity right before it at a clause end ("toux : non").</summary>
    NegationWord = 1 << 2,
    HypothesisBefore = 1 << 3,
    HypothesisAfter = 1 << 4,
    Family = 1 << 5,
    History = 1 << 6,
    Reported = 1 << 7,
    /// <summary>Ends every qualifier's scope (mais, cependant, sauf, ;).</summary>
    Termination = 1 << 8,
    /// <summary>A phrase that looks like a cue and is not one ("pas de changement", "sans doute", "aucun doute"): matching it consumes its words.</summary>
    Pseudo = 1 << 9,
    /// <summary>Words after which a relative is the subject of a reporting verb or a carer, not the one the fact is about ("adressé par son fils").</summary>
    FamilyPseudo = 1 << 10,
    /// <summary>The start of a new clause about the patient ("le patient", "on note", "présente"): ends negation and family scopes only.</summary>
    ClauseStart = 1 << 11,
}

/// <summary>
/// The trigger phrases of the qualifiers, NegEx/ConText style, in French. Written for this project after eds-nlp's
/// lists (AP-HP, BSD-3-Clause; see Data/NOTICE.md), with conjugated verb forms, clinical abbreviations and the
/// pseudo-cues that stop a phrase such as "pas de changement" from negating what follows.
/// </summary>
public static class CueLexicon
{
    private static readonly (CueKind Kind, string[] Phrases)[] Phrases =
    [
        (CueKind.NegationBefore, [
            "pas", "pas de", "pas d'", "pas du", "pas des", "ni", "sans", "absence", "absence de", "absence d'", "aucun", "aucune", "aucuns", "aucunes",
            "jamais", "nullement", "négatif pour", "négative pour", "n'a pas", "n'avait pas", "ne présente pas", "ne présentait pas", "ne retrouve pas",
            "pas de signe de", "pas d'argument pour", "peu d'arguments pour", "peu d'argument pour", "élimine", "éliminent", "permet d'éliminer", "permet d'exclure",
            "exclut", "infirme", "disparition de", "disparition des", "disparition du", "résolution de", "résolution du", "résolution des", "dépourvu de",
            "indemne de", "niant", "nie", "nié", "niée", "récuse", "ne retrouve aucun", "ne retrouve aucune", "pas de notion de", "pas de notion d'", "non retrouvé",
            "ne présente plus", "ne présente plus de", "ne présente plus d'", "n'y a plus", "n'y a plus de", "n'y a plus d'", "n'a plus", "n'a plus de", "n'a plus d'",
            "n'est plus", "n'est plus sous", "ne ressent plus", "ne ressent plus de", "plus aucun", "plus aucune", "ne plus avoir de", "ne plus avoir d'", "ne pas avoir de",
            "ne pas avoir d'", "ne plus ressentir de", "négatifs pour", "négatives pour", "n'y a pas", "n'y a pas de", "n'y a pas d'", "il n'y a pas de", "il n'y a pas d'",
            "ne montre pas", "ne montre pas de", "ne montre aucun", "ne montre aucune", "n'objective pas", "n'objective pas de", "ne met pas en évidence",
            "ne met pas en évidence de", "sans signe de", "sans argument pour", "à la place de", "incompatible avec", "pas d'image de", "pas de trace de", "négativité de", "négativité du",
        ]),
        (CueKind.NegationAfter, [
            ": non", ":0", ": 0", ": absent", ": absente", ": négatif", ": négative", "absent", "absente", "absents", "absentes", "négatif", "négative", "négatifs",
            "négatives", "éliminé", "éliminée", "éliminés", "éliminées", "écarté", "écartée", "écartés", "écartées", "exclu", "exclue", "exclus", "exclues", "est exclu",
            "est exclue", "non retrouvé", "non retrouvée", "non retrouvés", "non retrouvées", "n'est pas retrouvé", "n'est pas retrouvée", "n'a pas été retrouvé",
            "n'a pas été retrouvée", "n'est pas mis en évidence", "n'est pas mise en évidence", "non visualisé", "non visualisée", "non vu", "non vue", "infirmé", "infirmée",
            "n'a pas été mise en évidence", "n'a pas été mis en évidence", "pas retrouvé", "pas retrouvée", "disparu", "disparue", "résolutif", "résolutive", "nié", "niée", "niés",
            "non objectivé", "non objectivée", "pas nécessaire", "négligeable", "non réalisé", "non réalisée", "non effectué",
            "non effectuée", "non faite", "non fait", "pas réalisé", "pas réalisée", "n'a pas été réalisé", "n'a pas été réalisée", "non injecté", "non injectée",
            "non nécessaire", "non indiqué", "non indiquée", "annulé", "annulée", "contre-indiqué", "contre-indiquée", "non pratiqué", "non pratiquée",
        ]),
        (CueKind.NegationWord, ["non"]),
        (CueKind.Pseudo, [
            "pas de changement", "pas de modification", "sans changement", "sans modification", "pas d'amélioration", "sans amélioration", "pas d'aggravation", "sans aggravation",
            "pas d'augmentation", "sans augmentation", "pas de diminution", "sans diminution", "pas d'évolution", "pas d'autre", "aucun changement", "aucune modification",
            "aucune hésitation", "non négligeable", "non seulement", "pas seulement", "pas uniquement", "pas que", "sans retard", "pas toujours", "non substitué", "pas de doute",
            "aucun doute", "sans aucun doute", "sans hésitation", "pas de condition", "sans condition", "sans risque", "pas de traitement", "sans traitement", "pas d'arrêt",
            "sans arrêt", "n'a pas d'autre", "pas encore", "pas plus de", "pas moins de", "sans particularité", "même si", "non connu", "non connue", "non dosé", "non dosée",
            "n'y a pas d'amélioration", "il n'y a pas d'amélioration", "n'y a pas de changement", "pas de contre-indication", "sans contre-indication", "absence de contre-indication", "n'a pas disparu", "pas disparu", "n'a pas régressé", "ne régresse pas",
            "ne disparaît pas", "pas de franche amélioration", "pas de nette amélioration", "sans franche amélioration", "pas de réelle amélioration", "absence de changement",
            "absence de modification", "absence d'évolution", "absence d'amélioration", "n'a pas que", "n'est pas que", "pas qu'", "de la patiente", "du patient",
            "sans et avec", "sans puis avec", "sans et après", "avant et après", "sans ni avec",
        ]),
        (CueKind.HypothesisBefore, [
            "suspicion", "suspicion de", "suspicion d'", "suspecté", "suspectée", "suspect", "suspecte", "possible", "possiblement", "probable", "probablement",
            "vraisemblable", "vraisemblablement", "évoquant", "évoque", "évoquer", "faisant évoquer", "fait évoquer", "faire évoquer", "évocateur", "évocatrice", "évocateur de",
            "évocatrice de", "compatible avec", "compatibles avec", "pouvant correspondre", "peut correspondre", "pouvant évoquer", "hypothèse", "hypothèse de", "hypothèse d'",
            "éventuel", "éventuelle", "éventuels", "éventuelles", "éventuellement", "risque de", "risque d'", "en cas de", "en cas d'", "si", "s'il", "au cas où", "peut-être",
            "sans doute", "doute", "doute sur", "douteux", "douteuse", "à éliminer", "pour éliminer", "afin d'éliminer", "éliminer", "à rechercher", "rechercher", "recherche de",
            "recherche d'", "à la recherche de", "à la recherche d'", "à confirmer", "à discuter", "à évoquer", "présumé", "présumée", "supposé", "supposée", "soupçon de",
            "ne permet pas d'éliminer", "ne permet pas d'exclure", "ne permet pas d'écarter", "permet pas d'éliminer", "n'élimine pas", "n'exclut pas", "non exclu", "non exclue",
            "pas exclu", "pas exclue", "n'est pas exclu", "n'est pas exclue", "ne peut être exclu", "ne peut être exclue", "ne peut pas être exclu", "ne peut pas être exclue",
            "ne peut être éliminé", "ne peut être éliminée", "ne peut pas être éliminé", "ne peut pas être éliminée", "pas éliminé", "pas éliminée", "pas écarté", "pas écartée",
            "en faveur de", "en faveur d'", "plaide pour", "orientant vers", "oriente vers", "prédisposant à", "sous réserve de", "à condition", "idée de",
            "faudrait", "sembler", "semble", "semblent", "semblant", "paraît", "paraissent", "questionner", "question de", "interrogation sur", "discuter",
            "peu probable", "improbable", "impossible d'exclure", "impossible d'éliminer", "impossible d'écarter", "ne pas exclure", "ne pas éliminer", "ne pas méconnaître",
            "ne pas méconnaitre", "ne pas oublier", "diagnostic différentiel", "diagnostics différentiels", "vs", "versus", "je pense à", "on pense à", "penser à", "pense à",
            "peur de", "peur d'", "crainte de", "crainte d'", "craindre", "craint", "redoute", "ne peut être écarté", "ne peut être écartée", "ne peut pas être écarté",
            "ne peut pas être écartée",
        ]),
        (CueKind.HypothesisAfter, [
            "?", "possible", "possibles", "probable", "probables", "à éliminer", "à confirmer", "à discuter", "à rechercher", "à évoquer", "à écarter",
            "suspecté", "suspectée", "suspectés", "suspectées", "envisageable", "peu probable", "improbable", "ne peut être écarté", "ne peut être écartée",
            "ne peut pas être écarté", "ne peut pas être écartée", "ne peut être éliminé", "ne peut être éliminée", "vs", "versus", "envisagé", "envisagée", "envisagés", "envisagées", "hypothétique", "non exclu", "non exclue", "n'est pas exclu",
            "n'est pas exclue", "ne peut être exclu", "ne peut être exclue", "pas exclu", "pas exclue", "non éliminé", "non éliminée", "pas éliminé", "pas éliminée",
            "pas certain", "pas certaine", "pas confirmé", "pas confirmée", "non confirmé", "non confirmée", "douteux", "douteuse", "débutant", "débutante", "probablement",
            "vraisemblable", "présumé", "présumée", "est évoqué", "est évoquée", "évoqué", "évoquée", "discuté", "discutée", "non formellement éliminé", "en cours d'exploration",
        ]),
        (CueKind.Family, [
            "père", "mère", "frère", "frères", "sœur", "soeur", "sœurs", "soeurs", "fils", "fille", "filles", "enfant", "enfants", "oncle", "oncles", "tante", "tantes",
            "cousin", "cousine", "cousins", "cousines", "grand-père", "grand-mère", "grands-parents", "grand père", "grand mère", "arrière-grand-père", "arrière-grand-mère",
            "neveu", "neveux", "nièce", "nièces", "parents", "parent", "papa", "maman", "mari", "époux", "épouse", "conjoint", "conjointe", "compagnon", "compagne",
            "aïeul", "aïeux", "demi-frère", "demi-sœur", "jumeau", "jumelle", "dans la famille", "dans sa famille", "fratrie", "histoire familiale", "forme familiale",
            "cas familial", "cas familiaux", "antécédent familial",
            "antécédents familiaux", "atcd familial", "atcd familiaux", "collatéral", "collatéraux", "apparenté", "apparentés", "branche maternelle", "branche paternelle",
            "côté maternel", "côté paternel", "petit-fils", "petite-fille", "belle-mère", "beau-père",
        ]),
        (CueKind.FamilyPseudo, [
            "adressé par", "adressée par", "adressé par son", "adressée par sa", "adressé par sa", "adressée par son", "accompagné de", "accompagnée de", "accompagné par",
            "accompagnée par", "amené par", "amenée par", "avec son", "avec sa", "appel de", "appelé par", "contacté par", "a constaté", "a conduit", "l'a conduit",
            "l'a conduite", "est venu", "est venue", "l'a amené", "l'a amenée", "a appelé", "a prévenu", "prévenu", "prévenue", "est donneur", "est donneuse", "comme son",
            "comme sa", "comme ses", "fils unique", "fille unique", "enfant de", "suivi conjoint", "prise en charge conjointe", "consultation familiale", "dépistage familial",
            "enquête familiale", "réunion familiale", "famille prévenue", "la famille", "sa famille", "de la famille", "vit avec", "vit seul", "vit seule", "marié", "mariée", "médecin de famille", "médecin traitant", "planning familial",
            "regroupement familial", "entourage familial", "aidant familial", "conflit familial", "contexte familial", "situation familiale",
        ]),
        (CueKind.History, [
            "antécédent", "antécédents", "atcd", "atcds", "antécédent de", "antécédents de", "antécédent d'", "dans ses antécédents", "dans les antécédents", "aux antécédents",
            "dans la petite enfance", "petite enfance", "dans son enfance", "depuis l'enfance", "depuis l'âge de", "dans l'adolescence", "à l'adolescence",
            "connu pour", "connue pour", "suivi pour", "suivie pour", "ancien", "ancienne", "anciens", "anciennes", "séquelle", "séquelles", "séquellaire", "dans l'enfance",
            "dans l'enfance", "dans sa jeunesse", "par le passé", "déjà opéré", "déjà opérée", "aux antécédents de", "histoire de", "ayant présenté", "a présenté par le passé",
            "opéré d'", "opérée d'", "opéré de", "opérée de", "traité pour", "traitée pour", "pris en charge pour", "guéri", "guérie", "cicatrice de", "cicatriciel", "cicatricielle",
        ]),
        (CueKind.Reported, [
            "rapporte", "rapportent", "rapportait", "a rapporté", "rapporté par", "rapportée par", "dit", "disent", "disait", "a dit", "déclare", "déclarent", "a déclaré",
            "affirme", "affirment", "affirmait", "signale", "signalent", "a signalé", "signalé par", "explique", "expliquent", "a expliqué", "raconte", "racontent",
            "a raconté", "décrit", "décrivent", "a décrit", "décrivait", "relate", "relatent", "mentionne", "mentionnent", "a mentionné", "précise", "précisent", "évoque avoir",
            "pense avoir", "pense que", "croit", "croit avoir", "estime", "prétend", "indique", "indiquent", "a indiqué", "rapporte avoir", "dit avoir", "déclare avoir",
            "nous dit", "nous rapporte", "nous signale", "nous explique", "nous informe", "informe", "aurait présenté", "selon", "selon lui", "selon elle", "selon le patient",
            "selon la patiente", "selon la famille", "selon ses proches", "d'après", "d'après le patient", "le patient évoque", "la patiente évoque", "il évoque",
            "elle évoque", "l'a trouvé", "l'a trouvée", "l'ont trouvé", "l'ont trouvée", "d'après la patiente", "d'après la famille", "d'après lui",
            "d'après elle", "de l'aveu", "verbalise", "se dit", "se décrit", "à l'interrogatoire", "à l'anamnèse", "interrogé", "interrogée", "confie", "avoue", "reconnaît",
            "se souvient", "rappelle", "ajoute", "insiste sur", "nie", "dément",
        ]),
        (CueKind.Termination, [
            "mais", "cependant", "toutefois", "néanmoins", "pourtant", "sauf", "excepté", "hormis", "par contre", "en revanche", "alors que", "tandis que", "bien que",
            "malgré", ";", "en dehors de", "en dehors d'", "à part", "pour autant", "contrairement à", "à l'exception de", "à l'exception d'", "or", "mise à part",
        ]),
        (CueKind.ClauseStart, [
            "le patient", "la patiente", "chez le patient", "chez la patiente", "lui-même", "elle-même", "personnellement", "on note", "on retrouve", "on observe",
            "il existe", "il présente", "elle présente", "il présentait", "elle présentait", "notons", "en raison de", "en raison d'", "car", "chez un patient",
            "chez une patiente", "chez ce patient", "chez cette patiente", "depuis",
        ]),
    ];

    public static readonly TokenTrie<CueKind> Trie = Build();

    private static TokenTrie<CueKind> Build()
    {
        var kinds = new Dictionary<string, CueKind>(StringComparer.Ordinal);
        foreach (var (kind, phrases) in Phrases)
        {
            foreach (var phrase in phrases)
            {
                // Keyed by the folded form: "élimine" (before) and "éliminé" (after) are one entry with both kinds.
                var folded = Folding.Fold(phrase);
                kinds[folded] = kinds.GetValueOrDefault(folded) | kind;
            }
        }
        var trie = new TokenTrie<CueKind>();
        foreach (var (phrase, kind) in kinds)
        {
            trie.Add(phrase, kind);
        }
        return trie;
    }
}
