using EdsPlatform.Contracts;
using EdsPlatform.Jobs.Contracts;

namespace EdsPlatform.Interactions.Contracts;

/// <summary>A substance (thesaurus name) or brand found for an autocomplete, with the label to show.</summary>
public sealed record SubstanceMatch(string Substance, string Label);

/// <summary>
/// A screening of the warehouse's drug exposures for interacting co-exposures, for a project: exposures in the period
/// (all of the warehouse by default) of the members of a cohort created for the project (all persons by default),
/// optionally only pairs involving the named substances, at or above a level.
/// </summary>
public sealed record ScreeningView(int Id, JobStatus Status, float Progress, Guid? Project, ScreeningResult? Result, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <param name="Cohort">The cohort (its create job's id) whose members were screened; null: every person.</param>
/// <param name="Exposures">Drug exposures read in the scope (all drugs).</param>
/// <param name="DrugVariants">Distinct drug, strength, route and daily amount found, each resolved in the thesaurus.</param>
/// <param name="Unrecognised">Drug concepts the thesaurus does not know (never silently dropped: listed here).</param>
public sealed record ScreeningResult(string Edition, DateOnly? From, DateOnly? To, int? Cohort, long Exposures, int DrugVariants, IReadOnlyList<string> Unrecognised,
    IReadOnlyList<ScreenedPair> Pairs);

/// <summary>
/// One interacting pair of substances at one level, as found in the warehouse: persons co-exposed (overlapping
/// exposures) and co-exposure episodes, both small-cell suppressed. <paramref name="Status"/> is the engine's
/// ("applies", or "conditional" when the exposures do not say the dose the level depends on).
/// </summary>
public sealed record ScreenedPair(int Index, IReadOnlyList<string> Substances, string Level, string Status, string Risk, string Conduct,
    IReadOnlyList<string> Drugs, ShownCount Persons, ShownCount CoExposures);

/// <summary>Persons co-exposed to a pair, as the project's pseudonyms.</summary>
public sealed record ScreeningMembersPage(int JobId, int Pair, int Offset, IReadOnlyList<string> Members);
