using System.Text.Json;
using EdsPlatform.Interactions.Apis;
using EdsPlatform.Interactions.Engine;
using EdsPlatform.Jobs;

namespace EdsPlatform.Interactions.Screening;

/// <summary>What a screening job was asked (stored as its payload): substances already resolved to thesaurus names.</summary>
public sealed record ScreeningPayload(DateOnly? From, DateOnly? To, IReadOnlyList<string>? Substances, string MinLevel, string Edition, int? Cohort = null);

/// <summary>A pair as found, before suppression: the persons (warehouse ids, kept in the service) and co-exposure episodes.</summary>
public sealed record RawFinding(ScreeningFinding Finding, long[] Persons, long CoExposures);

public sealed record RawScreening(string Edition, DateOnly? From, DateOnly? To, int? Cohort, long Exposures, int DrugVariants, IReadOnlyList<string> Unrecognised, IReadOnlyList<RawFinding> Findings);

/// <summary>
/// Screens the warehouse for interacting co-exposures: reads how drugs are recorded in the period, plans the pairs
/// with the thesaurus (each pair of recorded variants analysed once, dose and route included), then counts the
/// persons whose exposures to both overlap, by pair and level. Every step can run again after a takeover.
/// </summary>
public sealed class ScreeningJobHandler(DrugExposures exposures, ConceptDrugs concepts, Editions editions) : IJobHandler
{
    public async Task<object> RunAsync(ClaimedJob job, Action<float> progress, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<ScreeningPayload>(job.Payload, JsonSerializerOptions.Web)!;
        var analyzer = editions.Get(payload.Edition) ?? throw new ScreeningException($"The edition '{payload.Edition}' is no longer loaded.");
        var scope = new ExposureScope(payload.From, payload.To, payload.Cohort);
        var recorded = await exposures.RecordedDrugsAsync(scope, cancellationToken);
        progress(0.3f);
        var names = await concepts.NamesAsync([.. recorded.Select(d => d.ConceptId).Distinct()], cancellationToken);
        var variants = recorded.Select((drug, id) => new DrugVariant(id, names.GetValueOrDefault(drug.ConceptId) ?? $"concept {drug.ConceptId}", drug.Strength, drug.Route, drug.UnitsPerDay)).ToList();
        var plan = ScreeningPlanner.Plan(analyzer, variants, payload.Substances?.ToHashSet(StringComparer.Ordinal), payload.MinLevel);
        progress(0.4f);
        var found = plan.Pairs.Count == 0 ? [] : await exposures.CoExposuresAsync(recorded, plan, scope, cancellationToken);
        var byFinding = found.ToLookup(c => c.Finding);
        var findings = plan.Findings
            .Select(f => new RawFinding(f, [.. byFinding[f.Index].Select(c => c.PersonId).Distinct().Order()], byFinding[f.Index].Sum(c => c.Episodes)))
            .Where(f => f.Persons.Length > 0)
            .OrderByDescending(f => Analyzer.LevelRank(f.Finding.Level)).ThenByDescending(f => f.Persons.Length)
            .ToList();
        return new RawScreening(analyzer.Edition.Name, payload.From, payload.To, payload.Cohort, recorded.Sum(d => d.Exposures), variants.Count, plan.Unrecognised, findings);
    }

    public string? Explain(Exception failure) => failure is ScreeningException ? failure.Message : null;
}

/// <summary>A screening that cannot run as asked (said to its owner).</summary>
public sealed class ScreeningException(string message) : Exception(message);
