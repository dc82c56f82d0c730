namespace EdsPlatform.Interactions.Engine;

/// <summary>
/// Whole-prescription analysis on one edition: every pair of lines, through every thesaurus entry that links their
/// substances (class entries expanded to their members, both directions), with the level that applies at the
/// written dose and route; therapeutic duplications; and the adverse effects the lines add up, by organ system.
/// </summary>
public sealed class Analyzer(Edition edition, DrugResolver resolver)
{
    public Edition Edition => edition;

    public DrugResolver Resolver => resolver;

    public AnalysisResult Analyse(IReadOnlyList<PrescriptionLine> prescription)
    {
        var lines = prescription.Select((line, i) => Resolve(i + 1, line)).ToList();
        var interactions = new List<InteractionResult>();
        var duplicates = new List<DuplicateResult>();
        for (var i = 0; i < lines.Count; i++)
        {
            for (var j = i + 1; j < lines.Count; j++)
            {
                foreach (var a in lines[i].Result.Substances)
                {
                    foreach (var b in lines[j].Result.Substances)
                    {
                        if (a == b)
                        {
                            duplicates.Add(new DuplicateResult([i + 1, j + 1], $"The same substance twice: {Display(a)}."));
                        }
                        if (Interaction(lines[i], a, lines[j], b) is { } interaction)
                        {
                            interactions.Add(interaction);
                        }
                        duplicates.AddRange(CumulativeClasses(a, b).Select(c => new DuplicateResult([i + 1, j + 1], $"Two {c.ToLowerInvariant()}: the thesaurus counts them together.")));
                    }
                }
            }
        }
        return new AnalysisResult(edition.Name, [.. lines.Select(l => l.Result)],
            [.. interactions.OrderBy(StatusRank).ThenByDescending(r => LevelRank(r.Level)).ThenBy(r => r.Lines[0]).ThenBy(r => r.Lines[1])],
            EffectsByOrganSystem(lines), duplicates);
    }

    private sealed record Line(PrescriptionLine Input, LineResult Result, decimal? DoseMg, decimal? PerDayMg);

    private Line Resolve(int number, PrescriptionLine input)
    {
        var resolved = resolver.Resolve(input.Drug);
        var route = ParseRoute(input.Route) ?? resolved.RouteInText;
        var factor = input.Unit?.Trim().ToUpperInvariant() switch { "G" => 1000m, "µG" or "MCG" or "UG" => 0.001m, _ => 1m };
        var classes = resolved.Substances.SelectMany(s => edition.Substances.TryGetValue(s, out var substance) ? substance.Classes : []).Distinct().ToList();
        return new Line(input, new LineResult(number, input.Drug, resolved.Status, resolved.Substances, classes, resolved.How, route),
            input.Dose * factor ?? resolved.DoseInText, input.PerDay * factor);
    }

    private InteractionResult? Interaction(Line first, string a, Line second, string b)
    {
        var found = edition.EntriesFor(a, b);
        if (found.Count == 0)
        {
            return null;
        }
        var levels = new List<LevelResult>();
        var notes = new List<string>();
        var byRoute = 0;
        foreach (var (entry, swapped) in found)
        {
            // The entry's sides as the lines see them: its first protagonist is a's side unless swapped.
            var (firstRoutes, secondRoutes) = swapped ? (entry.SecondRoutes, entry.FirstRoutes) : (entry.FirstRoutes, entry.SecondRoutes);
            var (firstCheck, secondCheck) = (RouteCheck(first, firstRoutes), RouteCheck(second, secondRoutes));
            bool? routeCheck = firstCheck == false || secondCheck == false ? false : firstCheck is null || secondCheck is null ? null : true;
            if (routeCheck is false)
            {
                byRoute++;
                continue;
            }
            var aspirinLine = a == ThesaurusFiles.Aspirin ? first : b == ThesaurusFiles.Aspirin ? second : null;
            var band = aspirinLine is null ? null : AspirinBand(aspirinLine);
            foreach (var level in entry.Levels)
            {
                var (applies, why) = Applies(level, aspirinLine, band);
                if (routeCheck is null && applies is not false)
                {
                    (applies, why) = (null, $"Only by the route its name states ({RouteNames(firstRoutes ?? secondRoutes!)}); the line does not say its route.");
                }
                levels.Add(new LevelResult(Code(level.Level), level.Condition, applies, why, entry.Id));
            }
            if (new[] { first, second }.FirstOrDefault(l => l.Result.Route == Route.Cutaneous) is { } cutaneous && firstRoutes is null && secondRoutes is null)
            {
                notes.Add($"Line {cutaneous.Result.Line} is applied to the skin: systemic exposure is low, but the thesaurus names no route for this entry, so its levels stand.");
            }
        }
        if (levels.Count == 0)
        {
            return byRoute > 0
                ? new InteractionResult([first.Result.Line, second.Result.Line], [a, b], null, "notApplicableByRoute", [], "", "",
                    [.. found.Select(f => new EntryRef(f.Entry.Id, f.Entry.First, f.Entry.Second))], ["The thesaurus restricts this entry to routes the lines do not use."])
                : null;
        }
        // The headline: the highest level that applies or may apply (what the line leaves unsaid could make it apply).
        var headline = levels.Where(l => l.Applies != false).OrderByDescending(l => LevelRank(l.Level)).ThenByDescending(l => l.Applies == true).FirstOrDefault();
        var status = headline is null ? "notApplicableAtThisDose" : headline.Applies == true ? "applies" : "conditional";
        var source = found.First(f => f.Entry.Id == (headline ?? levels[0]).Entry).Entry;
        return new InteractionResult([first.Result.Line, second.Result.Line], [a, b], headline?.Level, status,
            [.. levels.OrderByDescending(l => LevelRank(l.Level))], source.Risk, source.Conduct,
            [.. found.Select(f => new EntryRef(f.Entry.Id, f.Entry.First, f.Entry.Second))], [.. notes.Distinct()]);
    }

    /// <summary>Does an aspirin dose condition let the level apply? Null when the line does not give the dose.</summary>
    private static (bool? Applies, string Why) Applies(EntryLevel level, Line? aspirinLine, AspirinDose? band)
    {
        if (level.AspirinDoses.Count == 0)
        {
            return (true, level.Condition.Length == 0 ? "Always." : "Its condition is not about the dose: read it.");
        }
        var bands = string.Join(", ", level.AspirinDoses.Select(DoseName));
        if (aspirinLine!.DoseMg is null && aspirinLine.PerDayMg is null)
        {
            return (null, $"At {bands} doses of aspirin; line {aspirinLine.Result.Line} gives no dose.");
        }
        return band is { } b && level.AspirinDoses.Contains(b)
            ? (true, $"Line {aspirinLine.Result.Line} is a {DoseName(b)} dose of aspirin.")
            : (false, $"Only at {bands} doses; line {aspirinLine.Result.Line} is {(band is { } other ? "a " + DoseName(other) : "not such a")} dose.");
    }

    /// <summary>
    /// The thesaurus's bands: anti-inflammatory ≥ 1 g per intake or ≥ 3 g per day; analgesic ≥ 500 mg per intake (and
    /// &lt; 3 g per day); antiplatelet 50 to 375 mg per day (one intake a day is assumed when only the intake is given).
    /// </summary>
    private static AspirinDose? AspirinBand(Line line) => (line.DoseMg, line.PerDayMg) switch
    {
        ( >= 1000, _) or (_, >= 3000) => AspirinDose.AntiInflammatory,
        ( >= 500, _) => AspirinDose.Analgesic,
        (_, >= 50 and <= 375) => AspirinDose.Antiplatelet,
        ( >= 50 and <= 375, null) => AspirinDose.Antiplatelet,
        _ => null,
    };

    /// <summary>False when the line's route is known and not among the entry's; null when the entry names routes and the line none.</summary>
    private static bool? RouteCheck(Line line, IReadOnlySet<Route>? routes) =>
        routes is null ? true : line.Result.Route is { } route ? routes.Contains(route) : null;

    private IEnumerable<string> CumulativeClasses(string a, string b) =>
        edition.Substances.TryGetValue(a, out var first) && edition.Substances.TryGetValue(b, out var second)
            ? first.Classes.Intersect(second.Classes).Where(c => edition.EntriesFor(a, b).Any(e => e.Entry.First == c && e.Entry.Second == c))
            : [];

    private static List<OrganSystemResult> EffectsByOrganSystem(List<Line> lines) => [.. lines
        .SelectMany(line => line.Result.Classes.Select(c => (Line: line.Result.Line, Effect: AdverseEffects.Of(c))))
        .Where(e => e.Effect is not null)
        .GroupBy(e => e.Effect!.Value.OrganSystem)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(system => new OrganSystemResult(system.Key, [.. system
            .GroupBy(e => e.Effect!.Value.Effect)
            .Select(effect => Effect(effect.Key, [.. effect.Select(e => e.Line).Distinct().Order()]))
            .OrderByDescending(e => e.Lines.Count)]))];

    /// <summary>An effect that several lines add up is cumulative.</summary>
    private static EffectResult Effect(string effect, List<int> lines) => new(effect, lines, lines.Count > 1);

    private string Display(string substance) => edition.Substances.TryGetValue(substance, out var s) ? s.DisplayName : substance.ToLowerInvariant();

    public static string Code(Level level) => level switch
    {
        Level.Contraindicated => "CI",
        Level.NotRecommended => "AD",
        Level.PrecautionForUse => "PE",
        _ => "APEC",
    };

    /// <summary>A level code's rank, weakest (APEC) 1 to strongest (CI) 4; 0 for none.</summary>
    public static int LevelRank(string? code) => code switch { "CI" => 4, "AD" => 3, "PE" => 2, "APEC" => 1, _ => 0 };

    private static int StatusRank(InteractionResult result) => result.Status switch { "applies" => 0, "conditional" => 1, _ => 2 };

    private static string DoseName(AspirinDose dose) => dose switch
    {
        AspirinDose.Antiplatelet => "antiplatelet",
        AspirinDose.Analgesic => "analgesic or antipyretic",
        _ => "anti-inflammatory",
    };

    private static string RouteNames(IReadOnlySet<Route> routes) => string.Join(", ", routes.Select(r => r.ToString().ToLowerInvariant()));

    /// <summary>French and English route names, and the usual abbreviations.</summary>
    public static Route? ParseRoute(string? route) => route is null ? null : Names.Normalize(route) switch
    {
        "ORALE" or "ORAL" or "PO" or "PER OS" => Engine.Route.Oral,
        "NASALE" or "NASAL" => Engine.Route.Nasal,
        "BUCCO-DENTAIRE" or "DENTAL" => Engine.Route.Dental,
        "SOUS-CUTANEE" or "SC" or "SUBCUTANEOUS" => Engine.Route.Subcutaneous,
        "INTRAMUSCULAIRE" or "IM" or "INTRAMUSCULAR" => Engine.Route.Intramuscular,
        "INTRAVEINEUSE" or "IV" or "INTRAVENOUS" => Engine.Route.Intravenous,
        "VAGINALE" or "VAGINAL" => Engine.Route.Vaginal,
        "CUTANEE" or "CUTANEOUS" or "TOPIQUE" or "TOPICAL" or "LOCALE" => Engine.Route.Cutaneous,
        _ => Engine.Route.Other,
    };
}
