using EdsPlatform.Interactions.Contracts;
using EdsPlatform.Interactions.Engine;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Interactions.Apis;

/// <summary>A prescription line as sent: the drug (name, brand, ATC code or OMOP concept id), and optionally route and dose.</summary>
public sealed record LineInput(string? Drug, string? Route, decimal? Dose, string? Unit, decimal? PerDay);

public sealed record AnalysisRequest(List<LineInput?>? Lines, string? Edition);

public sealed record EditionView(string Name, int Entries, int Substances, int Pairs, bool Current);

/// <summary>
/// Whole-prescription analysis on the ANSM thesaurus, for anyone signed in (clinicians and researchers): no patient
/// data, nothing stored. The edition is named in every answer.
/// </summary>
public static class InteractionsApi
{
    private static readonly HashSet<string> Units = new(StringComparer.OrdinalIgnoreCase) { "mg", "g", "µg", "mcg" };

    public static IEndpointRouteBuilder MapInteractionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/interactions").RequireAuthorization(PlatformPolicies.SignedIn);
        api.MapPost("/analyses", AnalyseAsync)
            .WithName("AnalysePrescription").WithSummary("The interactions of a prescription's lines (every pair, with the level at the written dose and route), duplications, and adverse effects by organ system.");
        api.MapGet("/substances", Search)
            .WithName("SearchSubstances").WithSummary("Thesaurus substances and brand names containing the text, for autocomplete.");
        api.MapGet("/editions", (Editions editions) => TypedResults.Ok(editions.All.Select(a => new EditionView(a.Edition.Name, a.Edition.Entries.Count,
                a.Edition.Substances.Count, a.Edition.PairCount, a.Edition.Name == editions.Current)).OrderByDescending(e => e.Name, StringComparer.Ordinal).ToList()))
            .WithName("ListEditions").WithSummary("The thesaurus editions loaded, the current one first.");
        return app;
    }

    private static async Task<Results<Ok<AnalysisResult>, ValidationProblem>> AnalyseAsync(AnalysisRequest request, Editions editions, ConceptDrugs concepts,
        IOptions<InteractionsOptions> options, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var lines = request.Lines ?? [];
        var max = options.Value.MaxLines;
        if (lines.Count is 0 || lines.Count > max)
        {
            errors["lines"] = [$"A prescription has 1 to {max} lines."];
        }
        for (var i = 0; i < Math.Min(lines.Count, max); i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line?.Drug) || line.Drug.Length > 200)
            {
                errors[$"lines[{i}].drug"] = ["Name the drug (1 to 200 characters): DCI, brand, ATC code or OMOP concept id."];
            }
            if (line?.Dose is < 0 or > 1_000_000 || line?.PerDay is < 0 or > 10_000_000)
            {
                errors[$"lines[{i}].dose"] = ["Doses are positive amounts in the line's unit."];
            }
            if (line?.Unit is { } unit && !Units.Contains(unit))
            {
                errors[$"lines[{i}].unit"] = ["mg, g or µg."];
            }
            if (line?.Route is { Length: > 50 })
            {
                errors[$"lines[{i}].route"] = ["At most 50 characters."];
            }
        }
        var analyzer = editions.Get(request.Edition);
        if (analyzer is null)
        {
            errors["edition"] = [$"No edition '{request.Edition}'; see GET /api/interactions/editions."];
        }
        if (errors.Count > 0 || analyzer is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var prescription = new List<PrescriptionLine>();
        var concept = new Dictionary<int, long>();
        foreach (var (line, index) in lines.Select((line, index) => (line!, index)))
        {
            var drug = line.Drug!.Trim();
            // A number is an OMOP concept id: read it in the warehouse's vocabulary.
            if (long.TryParse(drug, out var conceptId) && await concepts.NameAsync(conceptId, cancellationToken) is { } name)
            {
                concept[index] = conceptId;
                drug = name;
            }
            prescription.Add(new PrescriptionLine(drug, line.Route, line.Dose, line.Unit, line.PerDay));
        }
        var result = analyzer.Analyse(prescription);
        return TypedResults.Ok(result with
        {
            Lines = [.. result.Lines.Select((line, index) => concept.TryGetValue(index, out var id)
                ? line with { Drug = lines[index]!.Drug!, How = $"OMOP concept {id} ({prescription[index].Drug}), {line.How}" }
                : line)],
        });
    }

    private static Results<Ok<List<SubstanceMatch>>, ValidationProblem> Search(string? q, int? limit, string? edition, Editions editions)
    {
        var errors = Validation.PagingErrors(0, limit, 50);
        if (q is null || q.Trim().Length is < 2 or > 100)
        {
            errors["q"] = ["Search with 2 to 100 characters."];
        }
        if (editions.Get(edition) is not { } analyzer)
        {
            errors["edition"] = [$"No edition '{edition}'."];
            return TypedResults.ValidationProblem(errors);
        }
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(analyzer.Resolver.Search(q!, limit ?? 20).Select(m => new SubstanceMatch(m.Substance, m.Label)).ToList());
    }
}
