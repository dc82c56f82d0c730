using System.Globalization;
using EdsPlatform.Cohort.Definitions;

namespace EdsPlatform.Web;

/// <summary>
/// The cohort builder's form: one form whose state is the definition itself (Circe JSON in a hidden field), and
/// whose buttons name the edit to make ("add", "remove-rule:2", ...). Parsing and applying edits live here so
/// that the page only renders.
/// </summary>
public sealed class CohortBuilderForm
{
    public CohortDefinition Definition { get; private set; } = CohortBuilder.Empty;
    public string Action { get; private init; } = "";
    public string Search { get; private init; } = "";
    public string? Domain { get; private init; }
    public string Role { get; private init; } = "entry";

    /// <summary>Mentions affirmed in notes (NOTE_NLP) rather than recorded events.</summary>
    public bool InNotes { get; private init; }

    public string DaysBefore { get; private init; } = "365";
    public string DaysAfter { get; private init; } = "0";
    public string MinAge { get; private init; } = "";
    public string MaxAge { get; private init; } = "";
    public string Gender { get; private init; } = "";
    public string PeriodFrom { get; private init; } = "";
    public string PeriodTo { get; private init; } = "";
    public string ImportedJson { get; private init; } = "";
    public IReadOnlyList<PickedConcept> Picked { get; private init; } = [];

    /// <summary>What the user should fix; the definition is then left as it was.</summary>
    public string? Problem { get; private set; }

    public bool CanRun => Definition.PrimaryCriteria.Criteria.Count > 0;

    public string DefinitionJson => CirceJson.Write(Definition);

    public static CohortBuilderForm Start(string json) => new() { Definition = CirceJson.Read(json, draft: true) };

    public static CohortBuilderForm From(IFormCollection form)
    {
        var builder = new CohortBuilderForm
        {
            Action = form["action"].ToString(),
            Search = form["q"].ToString().Trim(),
            Domain = string.IsNullOrEmpty(form["domain"]) ? null : form["domain"].ToString(),
            Role = form["role"].ToString() is "require" or "exclude" ? form["role"].ToString() : "entry",
            InNotes = form["inNotes"] == "true",
            // Absent until a search shows the "add" fields: then the defaults, the year before the index date.
            DaysBefore = form.ContainsKey("before") ? form["before"].ToString() : "365",
            DaysAfter = form.ContainsKey("after") ? form["after"].ToString() : "0",
            MinAge = form["minAge"].ToString(),
            MaxAge = form["maxAge"].ToString(),
            Gender = form["gender"].ToString(),
            PeriodFrom = form["from"].ToString(),
            PeriodTo = form["to"].ToString(),
            ImportedJson = form["json"].ToString(),
            // "id|domain|name": the name last, so that a '|' in it stays in it.
            Picked = [.. form["concept"].OfType<string>().Select(value => value.Split('|', 3))
                .Where(parts => parts.Length == 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out _))
                .Select(parts => new PickedConcept(long.Parse(parts[0], CultureInfo.InvariantCulture), parts[2], parts[1]))],
        };
        try
        {
            builder.Definition = CirceJson.Read(form["definition"].ToString(), draft: true);
        }
        catch (UnsupportedCohortElementException unsupported)
        {
            builder.Problem = unsupported.Message;
        }
        return builder;
    }

    /// <summary>Applies the button's edit; a refused edit leaves the definition as it was and says why in <see cref="Problem"/>.</summary>
    public void Apply()
    {
        if (Problem is not null)
        {
            return;
        }
        var (verb, argument) = Action.Split(':', 2) is [var v, var a] ? (v, a) : (Action, "");
        try
        {
            Definition = verb switch
            {
                "add" => AddPicked(),
                "demographics" => AddDemographics(),
                "period" => CohortBuilder.WithPeriod(Definition, Date(PeriodFrom, "from"), Date(PeriodTo, "to")),
                "remove-entry" => CohortBuilder.RemoveEntryEvent(Definition, Index(argument)),
                "remove-rule" => CohortBuilder.RemoveRule(Definition, Index(argument)),
                "clear" => CohortBuilder.Empty,
                "import" => CirceJson.Read(ImportedJson),
                _ => Definition,
            };
        }
        catch (Exception refused) when (refused is FormatException or UnsupportedCohortElementException or ArgumentException)
        {
            Problem = refused.Message;
        }
    }

    private CohortDefinition AddPicked()
    {
        if (Picked.Count == 0)
        {
            throw new FormatException(Ui.Text("Cochez au moins un concept dans les résultats de recherche.", "Tick at least one concept in the search results."));
        }
        if (Role == "entry")
        {
            return CohortBuilder.AddEntryEvents(Definition, Picked, InNotes);
        }
        int? before = Days(DaysBefore, "before"), after = Days(DaysAfter, "after");
        var names = string.Join(", ", Picked.Select(c => c.Name)) + (InNotes ? Ui.Text(" (comptes rendus)", " (notes)") : "");
        var window = (before, after) switch
        {
            (null, null) => Ui.Text("à tout moment", "at any time"),
            _ => Ui.Text($"de J-{before?.ToString(CultureInfo.InvariantCulture) ?? "∞"} à J+{after?.ToString(CultureInfo.InvariantCulture) ?? "∞"}",
                         $"from day -{before?.ToString(CultureInfo.InvariantCulture) ?? "∞"} to day +{after?.ToString(CultureInfo.InvariantCulture) ?? "∞"}"),
        };
        var name = Role == "require"
            ? Ui.Text($"Au moins un(e) {names}, {window}", $"At least one {names}, {window}")
            : Ui.Text($"Aucun(e) {names}, {window}", $"No {names}, {window}");
        return CohortBuilder.AddEventRule(Definition, name, Picked, before, after, required: Role == "require", InNotes);
    }

    private CohortDefinition AddDemographics()
    {
        int? min = Days(MinAge, "minAge"), max = Days(MaxAge, "maxAge");
        long[] genders = Gender switch { "8507" => [8507], "8532" => [8532], _ => [] };
        if (min is null && max is null && genders.Length == 0)
        {
            throw new FormatException(Ui.Text("Indiquez un âge ou un sexe.", "Give an age or a sex."));
        }
        var parts = new List<string>();
        if (min is not null || max is not null)
        {
            parts.Add(Ui.Text($"âge {min?.ToString(CultureInfo.InvariantCulture) ?? "0"} à {max?.ToString(CultureInfo.InvariantCulture) ?? "∞"} ans",
                              $"aged {min?.ToString(CultureInfo.InvariantCulture) ?? "0"} to {max?.ToString(CultureInfo.InvariantCulture) ?? "∞"}"));
        }
        if (genders.Length > 0)
        {
            parts.Add(Gender == "8532" ? Ui.Text("femmes", "women") : Ui.Text("hommes", "men"));
        }
        return CohortBuilder.AddDemographicRule(Definition, string.Join(", ", parts), min, max, genders);
    }

    /// <summary>Blank: no bound. Otherwise a whole number from 0 to 36,500.</summary>
    private static int? Days(string text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 36_500 ? value
        : throw new FormatException(Ui.Text($"« {text} » n'est pas un nombre entier positif ({field}).", $"'{text}' is not a whole positive number ({field})."));

    private static DateOnly? Date(string text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new FormatException(Ui.Text($"« {text} » n'est pas une date ({field}).", $"'{text}' is not a date ({field})."));

    private static int Index(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;

    /// <summary>How a criterion's table reads on the page.</summary>
    public static string DomainLabel(CriterionDomain domain) => domain switch
    {
        CriterionDomain.ConditionOccurrence => Ui.Text("Diagnostic", "Condition"),
        CriterionDomain.DrugExposure => Ui.Text("Médicament", "Drug exposure"),
        CriterionDomain.DrugEra => Ui.Text("Période de traitement", "Drug era"),
        CriterionDomain.ConditionEra => Ui.Text("Période de diagnostic", "Condition era"),
        CriterionDomain.Measurement => Ui.Text("Mesure", "Measurement"),
        CriterionDomain.ProcedureOccurrence => Ui.Text("Acte", "Procedure"),
        CriterionDomain.Observation => Ui.Text("Observation", "Observation"),
        CriterionDomain.VisitOccurrence => Ui.Text("Séjour", "Visit"),
        CriterionDomain.Death => Ui.Text("Décès", "Death"),
        CriterionDomain.NoteNlp => Ui.Text("Mention dans un compte rendu", "Mention in a note"),
        _ => Ui.Text("Période d'observation", "Observation period"),
    };

    public string ConceptSetName(int? id) =>
        id is null ? Ui.Text("tout concept", "any concept") : Definition.ConceptSets.FirstOrDefault(s => s.Id == id)?.Name ?? $"#{id}";
}
