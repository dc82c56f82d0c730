using EdsPlatform.Contracts;
using EdsPlatform.Jobs.Contracts;

namespace EdsPlatform.Cohort.Contracts;

public sealed record AttritionStep(string Rule, ShownCount Persons, ShownCount Events, ShownCount? PersonsMeetingRuleAlone);

public sealed record Breakdown(string Key, ShownCount Persons);

public sealed record CohortResult(
    ShownCount Persons, ShownCount Entries, ShownCount QualifiedPersons, IReadOnlyList<AttritionStep> Attrition,
    IReadOnlyList<Breakdown> BySex, IReadOnlyList<Breakdown> ByAgeBand, IReadOnlyList<Breakdown> ByAgeBandAndSex, IReadOnlyList<Breakdown> ByIndexYear, string DataVersion);

/// <summary>Count: how many, with attrition and breakdowns. Create: also the members, listed for the project's team.</summary>
public enum JobMode { Count, Create }

public sealed record JobView(int Id, JobMode Mode, JobStatus Status, float Progress, CohortResult? Result, bool FromCache, ShownCount? Members, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, Guid? Project);

public sealed record MemberRow(string Person, DateOnly Start, DateOnly End);

public sealed record MembersPage(int JobId, int Offset, IReadOnlyList<MemberRow> Members);

public sealed record ConceptMatch(long ConceptId, string Name, string Domain, string Vocabulary, string Code, bool IsStandard);
