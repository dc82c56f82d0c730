using NpgsqlTypes;

namespace EdsPlatform.Warehouse.Loading;

/// <summary>How a table's rows from a dataset meet the rows already in the warehouse.</summary>
public enum TableMergeKind
{
    /// <summary>Rows belong to the dataset (patients and their facts): appended, removed with the dataset.</summary>
    DatasetOwned,

    /// <summary>Shared reference rows (vocabulary, care sites): rows whose key already exists are kept as they are.</summary>
    Shared,
}

public sealed record OmopColumn(string Name, NpgsqlDbType Type);

/// <summary>A CDM table as the database describes it, with the rules the loader applies to it.</summary>
public sealed record OmopTable(string Name, IReadOnlyList<OmopColumn> Columns)
{
    private static readonly HashSet<string> SharedTables =
    [
        "concept", "vocabulary", "domain", "concept_class", "concept_relationship", "relationship",
        "concept_synonym", "concept_ancestor", "source_to_concept_map", "drug_strength",
        "location", "care_site", "provider", "cohort_definition",
    ];

    public const string Schema = "cdm";

    public string QualifiedName => $"{Schema}.{Name}";

    public TableMergeKind MergeKind => SharedTables.Contains(Name) ? TableMergeKind.Shared : TableMergeKind.DatasetOwned;

    /// <summary>The column holding the person a row belongs to, used to remove a dataset's rows; null when rows belong to no one.</summary>
    public string? PersonColumn => Name == "cohort" ? "subject_id" : Columns.Any(c => c.Name == "person_id") ? "person_id" : null;

    public OmopColumn? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
