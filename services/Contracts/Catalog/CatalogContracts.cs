namespace EdsPlatform.Catalog.Contracts;

/// <summary>An OMOP table of the warehouse and its row count (no patient data).</summary>
public sealed record TableSummary(string Name, long Rows);

/// <summary>When a dataset was last loaded, and how many rows it holds.</summary>
public sealed record DatasetLoad(string Dataset, long Rows, DateTimeOffset LoadedAt);

/// <summary>A page of a granted table for a project: persons appear as the project's pseudonyms.</summary>
public sealed record TableRows(string Dataset, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);
