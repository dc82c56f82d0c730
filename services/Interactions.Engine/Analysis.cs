namespace EdsPlatform.Interactions.Engine;

/// <summary>A prescription line: a drug (DCI, brand, ATC code, with dose and form if written), and optionally its route and dose.</summary>
/// <param name="Dose">Per intake, in <paramref name="Unit"/> (mg by default).</param>
/// <param name="PerDay">Per day, in the same unit.</param>
public sealed record PrescriptionLine(string Drug, string? Route = null, decimal? Dose = null, string? Unit = null, decimal? PerDay = null);

public sealed record LineResult(int Line, string Drug, Resolution Status, IReadOnlyList<string> Substances, IReadOnlyList<string> Classes, string How, Route? Route);

/// <summary>One level of an interaction as it applies to this prescription.</summary>
/// <param name="Applies">True: applies; false: not at this dose or by this route; null: depends on what the line does not say.</param>
public sealed record LevelResult(string Level, string Condition, bool? Applies, string Why, int Entry);

public sealed record EntryRef(int Id, string First, string Second);

/// <param name="Level">The headline: the highest level that applies (or may apply); null when none applies.</param>
/// <param name="Status">"applies", "conditional" (depends on a dose or route not given), "notApplicableAtThisDose", "notApplicableByRoute".</param>
public sealed record InteractionResult(int[] Lines, string[] Substances, string? Level, string Status, IReadOnlyList<LevelResult> Levels, string Risk, string Conduct,
    IReadOnlyList<EntryRef> Entries, IReadOnlyList<string> Notes);

public sealed record EffectResult(string Effect, IReadOnlyList<int> Lines, bool Cumulative);

public sealed record OrganSystemResult(string OrganSystem, IReadOnlyList<EffectResult> Effects);

public sealed record DuplicateResult(int[] Lines, string Reason);

public sealed record AnalysisResult(string Edition, IReadOnlyList<LineResult> Lines, IReadOnlyList<InteractionResult> Interactions,
    IReadOnlyList<OrganSystemResult> EffectsByOrganSystem, IReadOnlyList<DuplicateResult> Duplicates);
