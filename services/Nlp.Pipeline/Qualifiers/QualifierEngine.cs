using EdsPlatform.Nlp.Pipeline.Extraction;
using EdsPlatform.Nlp.Pipeline.Terminology;
using EdsPlatform.Nlp.Pipeline.Text;

namespace EdsPlatform.Nlp.Pipeline.Qualifiers;

/// <summary>
/// Sets the five qualifiers of each entity from the cues of its sentence, ConText style: a cue before the entity
/// reaches it unless a termination (mais, cependant, sauf, ;) comes between; a cue after it reaches back a few words.
/// Cues are looked for between the entities only, so that a mention never lends its own words to a cue.
/// </summary>
public static class QualifierEngine
{
    /// <summary>Facts dated within this many days before the note are the current episode, not history.</summary>
    public const int RecentDays = 14;

    private const int NegationReach = 15;
    private const int AfterReach = 6;
    private const int HypothesisReach = 25;

    // After a comma, these words continue an enumeration under the same negation ("pas de fièvre, de toux ni de …").
    private static readonly HashSet<string> Continuations = ["de", "d'", "du", "des", "ni", "ou", "et", "aucun", "aucune", "pas", "sans", "voire"];

    // A list of past conditions goes on with articles too ("connu pour une HTA, un diabète et une BPCO").
    private static readonly HashSet<string> ListContinuations = [.. Continuations, "un", "une", "l'", "la", "le", "les"];

    private static readonly HashSet<string> NotConditionals = ["portrait", "extrait", "retrait", "attrait", "trait", "distrait", "soustrait", "abstrait", "parait"];

    private static readonly HashSet<string> Quotes = ["«", "»", "\"", "“", "”"];

    public static void Qualify(ClinicalText text, IReadOnlyList<Entity> entities, IReadOnlyList<Entity> dates)
    {
        var bySentence = entities.Where(e => e.FirstToken >= 0 && e.FirstToken < text.Tokens.Length).GroupBy(e => text.SentenceOf(e.FirstToken));
        foreach (var group in bySentence)
        {
            var sentence = group.Key;
            var mentions = group.OrderBy(e => e.FirstToken).ToList();
            var cues = CuesBetween(text.Tokens, sentence, mentions);
            foreach (var entity in mentions)
            {
                var context = new Context(text, sentence, cues, mentions, entity);
                Negation(context);
                Hypothesis(context);
                Family(context);
                History(context, dates);
                Reported(context);
            }
        }
    }

    private static List<TrieMatch<CueKind>> CuesBetween(Token[] tokens, Sentence sentence, List<Entity> mentions)
    {
        var cues = new List<TrieMatch<CueKind>>();
        var from = sentence.First;
        foreach (var mention in mentions.OrderBy(m => m.FirstToken))
        {
            if (mention.FirstToken > from)
            {
                cues.AddRange(CueLexicon.Trie.Matches(tokens, from, mention.FirstToken));
            }
            from = Math.Max(from, mention.EndToken);
        }
        if (from < sentence.End)
        {
            cues.AddRange(CueLexicon.Trie.Matches(tokens, from, sentence.End));
        }
        return cues;
    }

    private static void Negation(Context context)
    {
        var (text, sentence, cues, _, entity) = context;
        // "Le patient ne tousse pas": the entity is the verb between "ne" and "pas".
        if (entity.FirstToken > sentence.First && entity.EndToken < sentence.End && text.Tokens[entity.FirstToken - 1].Norm is "ne" or "n'"
            && text.Tokens[entity.EndToken].Norm is "pas" or "plus" or "jamais")
        {
            Set(context, "negated", new TrieMatch<CueKind>(entity.FirstToken - 1, entity.FirstToken, CueKind.NegationBefore), e => e.Negated = true);
            return;
        }
        for (var i = context.LastCueBefore; i >= 0; i--)
        {
            var cue = cues[i];
            if (cue.Value.HasFlag(CueKind.Termination) || cue.Value.HasFlag(CueKind.ClauseStart))
            {
                break;
            }
            if (cue.Value.HasFlag(CueKind.NegationWord) && cue.End == entity.FirstToken)
            {
                Set(context, "negated", cue, e => e.Negated = true);
                return;
            }
            if (cue.Value.HasFlag(CueKind.NegationBefore) && entity.FirstToken - cue.End <= NegationReach && !CommaBreaks(context, cue.End, entity.FirstToken, Continuations))
            {
                // "pas d'absence de réflexe": two negations in a row cancel out.
                var doubled = i > 0 && cues[i - 1].Value.HasFlag(CueKind.NegationBefore) && cues[i - 1].End >= cue.First - 1 && text.Tokens[cue.First].Norm != "ni";
                if (!doubled)
                {
                    Set(context, "negated", cue, e => e.Negated = true);
                }
                return;
            }
        }
        for (var i = context.LastCueBefore + 1; i < cues.Count; i++)
        {
            var cue = cues[i];
            if (cue.Value.HasFlag(CueKind.Termination) || cue.First - entity.EndToken > AfterReach || !context.OnlyEnumerationBetween(entity.EndToken, cue.First))
            {
                break;
            }
            var closesClause = cue.End >= context.Sentence.End || text.Tokens[cue.End].Kind == TokenKind.Punctuation;
            if (cue.Value.HasFlag(CueKind.NegationAfter) || cue.Value.HasFlag(CueKind.NegationWord) && closesClause && cue.First - entity.EndToken <= 2)
            {
                Set(context, "negated", cue, e => e.Negated = true);
                return;
            }
        }
    }

    private static void Hypothesis(Context context)
    {
        var (text, sentence, cues, _, entity) = context;
        if (entity.Negated)
        {
            return; // "hypothèse d'EP écartée", "pas de lésion suspecte": ruled out, not uncertain
        }
        for (var i = context.LastCueBefore; i >= 0; i--)
        {
            var cue = cues[i];
            if (cue.Value.HasFlag(CueKind.Termination))
            {
                break;
            }
            if (cue.Value.HasFlag(CueKind.HypothesisBefore) && entity.FirstToken - cue.End <= HypothesisReach)
            {
                Set(context, "hypothesis", cue, e => e.Hypothesis = true);
                return;
            }
        }
        for (var i = context.LastCueBefore + 1; i < cues.Count; i++)
        {
            var cue = cues[i];
            if (cue.Value.HasFlag(CueKind.Termination))
            {
                break;
            }
            var question = text.Tokens[cue.First].Norm == "?";
            if (cue.Value.HasFlag(CueKind.HypothesisAfter) && (question || cue.First - entity.EndToken <= AfterReach + 2 && context.OnlyEnumerationBetween(entity.EndToken, cue.First, allowWords: 3, allowComma: false)))
            {
                Set(context, "hypothesis", cue, e => e.Hypothesis = true);
                return;
            }
        }
        // The conditional mood before the entity: "pourrait correspondre à une IC", "aurait fait un malaise" (the subject of
        // "cette douleur pourrait être pariétale" is not what is uncertain).
        for (var t = sentence.First; t < entity.FirstToken; t++)
        {
            var norm = text.Tokens[t].Norm;
            if (norm.Length >= 6 && (norm.EndsWith("rait", StringComparison.Ordinal) || norm.EndsWith("raient", StringComparison.Ordinal)) && !NotConditionals.Contains(norm)
                && !context.TerminatedBetween(t, t + 1))
            {
                Set(context, "hypothesis", new TrieMatch<CueKind>(t, t + 1, CueKind.HypothesisBefore), e => e.Hypothesis = true);
                return;
            }
        }
    }

    private static void Family(Context context)
    {
        var (_, _, cues, _, entity) = context;
        for (var i = 0; i < cues.Count; i++)
        {
            var cue = cues[i];
            if (!cue.Value.HasFlag(CueKind.Family) || context.TerminatedBetween(cue.First, cue.End, CueKind.Termination | CueKind.ClauseStart))
            {
                continue;
            }
            // "adressé par son fils", "selon sa fille", "sa fille rapporte que": the relative is a carer or a witness, not the one concerned.
            const CueKind notConcerned = CueKind.FamilyPseudo | CueKind.Reported;
            var carer = i > 0 && (cues[i - 1].Value & notConcerned) != 0 && cue.First - cues[i - 1].End <= 2;
            var witness = i + 1 < cues.Count && (cues[i + 1].Value & notConcerned) != 0 && cues[i + 1].First - cue.End <= 3;
            if (!carer && !witness)
            {
                Set(context, "family", cue, e => e.Family = true);
                return;
            }
        }
        if (context.Section?.Code == "antecedents_familiaux")
        {
            entity.Family = true;
            entity.AddCue(new Cue("family", context.Section.Title, context.Section.Start, context.Section.TitleEnd));
        }
    }

    private static void History(Context context, IReadOnlyList<Entity> dates)
    {
        var (text, sentence, cues, _, entity) = context;
        if (entity.Family)
        {
            return;
        }
        Cue? because = null;
        foreach (var cue in cues)
        {
            if (cue.Value.HasFlag(CueKind.History) && !context.TerminatedBetween(cue.First, cue.End)
                && !(cue.End <= entity.FirstToken
                    ? CommaBreaks(context, cue.End, entity.FirstToken, ListContinuations)
                    : CommaBreaks(context, entity.EndToken, cue.First, ListContinuations)))
            {
                because = new Cue("history", text.Slice(cue.First, cue.End), text.Tokens[cue.First].Start, text.Tokens[cue.End - 1].End);
                break;
            }
        }
        if (because is null && context.Section is { Code: "antecedents" } section)
        {
            because = new Cue("history", section.Title, section.Start, section.TitleEnd);
        }
        // A date in the same clause decides: older than two weeks is history, recent is the current episode, and
        // "depuis 3 mois" is an ongoing complaint.
        var closest = dates.Where(d => d.FirstToken >= sentence.First && d.EndToken <= sentence.End && d.Resolved is not null && SameClause(context, d))
            .MinBy(d => Math.Abs(d.FirstToken - entity.FirstToken));
        if (closest is not null && DateResolution.DaysBefore(closest.Resolved!, text.NoteDate) is { } days)
        {
            var ongoing = closest.Text.StartsWith("depuis", StringComparison.OrdinalIgnoreCase) && closest.Norm is ['-', ..];
            because = days > RecentDays && !ongoing ? new Cue("history", closest.Text, closest.Start, closest.End) : null;
        }
        if (because is not null)
        {
            entity.History = true;
            entity.AddCue(because);
        }
    }

    private static void Reported(Context context)
    {
        var (text, sentence, cues, _, entity) = context;
        foreach (var cue in cues)
        {
            if (cue.Value.HasFlag(CueKind.Reported) && !context.TerminatedBetween(cue.First, cue.End))
            {
                Set(context, "reportedSpeech", cue, e => e.ReportedSpeech = true);
                return;
            }
        }
        // Between quotes: the words of someone else.
        var open = -1;
        for (var t = sentence.First; t < sentence.End; t++)
        {
            if (!Quotes.Contains(text.Tokens[t].Norm))
            {
                continue;
            }
            if (open < 0)
            {
                open = t;
                continue;
            }
            if (open < entity.FirstToken && t >= entity.EndToken)
            {
                Set(context, "reportedSpeech", new TrieMatch<CueKind>(open, open + 1, CueKind.Reported), e => e.ReportedSpeech = true);
                return;
            }
            open = -1;
        }
    }

    private static bool CommaBreaks(Context context, int from, int to, HashSet<string> continuations)
    {
        var tokens = context.Text.Tokens;
        for (var t = from; t < to; t++)
        {
            if (tokens[t].Norm is ":" or "." || tokens[t].Norm == "," && !continuations.Contains(tokens[t + 1].Norm))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A date at most eight words away with no comma between: "AVC en 2021 sans séquelle, admis pour un nouvel AVC" dates the first AVC only.</summary>
    private static bool SameClause(Context context, Entity date)
    {
        var entity = context.Entity;
        var (from, to) = date.EndToken <= entity.FirstToken ? (date.EndToken, entity.FirstToken) : (entity.EndToken, date.FirstToken);
        if (to - from > 8)
        {
            return false;
        }
        for (var t = from; t < to; t++)
        {
            if (context.Text.Tokens[t].Norm is "," or ";" or ":")
            {
                return false;
            }
        }
        return true;
    }

    private static void Set(Context context, string qualifier, TrieMatch<CueKind> cue, Action<Entity> apply)
    {
        var tokens = context.Text.Tokens;
        apply(context.Entity);
        context.Entity.AddCue(new Cue(qualifier, context.Text.Slice(cue.First, cue.End), tokens[cue.First].Start, tokens[cue.End - 1].End));
    }

    private sealed record Context(ClinicalText Text, Sentence Sentence, List<TrieMatch<CueKind>> Cues, List<Entity> Mentions, Entity Entity)
    {
        public int LastCueBefore { get; } = Cues.FindLastIndex(c => c.End <= Entity.FirstToken);

        public Section? Section { get; } = SectionFinder.At(Text.Sections, Entity.Start);

        /// <summary>Whether a cue of kind <paramref name="stop"/> lies between tokens [first, end) and the entity, on either side.</summary>
        public bool TerminatedBetween(int first, int end, CueKind stop = CueKind.Termination)
        {
            var (from, to) = end <= Entity.FirstToken ? (end, Entity.FirstToken) : (Entity.EndToken, first);
            return Cues.Any(c => c.First >= from && c.End <= to && (c.Value & stop) != 0);
        }

        /// <summary>Only other mentions, commas and "et/ou/ni" (and up to <paramref name="allowWords"/> other words) lie in [from, to).</summary>
        public bool OnlyEnumerationBetween(int from, int to, int allowWords = 4, bool allowComma = true)
        {
            var words = 0;
            for (var t = from; t < to; t++)
            {
                var mention = Mentions.FirstOrDefault(m => m.FirstToken == t);
                if (mention is not null)
                {
                    t = mention.EndToken - 1;
                    continue;
                }
                if (Text.Tokens[t].Norm is "," && !allowComma)
                {
                    return false;
                }
                if (Text.Tokens[t].Norm is "," or "et" or "ou" or "ni" or ":" or "-")
                {
                    continue;
                }
                if (Text.Tokens[t].Norm is "." or "(" or ")" || ++words > allowWords)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
