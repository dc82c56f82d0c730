using EdsPlatform.Warehouse.Loading;

namespace EdsPlatform.Warehouse.Tests;

public sealed class OmopCsvFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("eds-csv-folder-").FullName;

    [Fact]
    public void Tables_are_named_after_their_files_in_any_case_and_compression()
    {
        File.WriteAllText(Path.Combine(_folder, "PERSON.csv"), "person_id\n1\n");
        File.WriteAllBytes(Path.Combine(_folder, "concept.csv.gz"), []);
        File.WriteAllText(Path.Combine(_folder, "README.md"), "not a table");

        var folder = OmopCsvFolder.Open(_folder);

        Assert.Equal(["concept", "person"], folder.Files.Select(f => f.Table));
    }

    [Fact]
    public void A_table_given_twice_is_refused()
    {
        File.WriteAllText(Path.Combine(_folder, "PERSON.csv"), "person_id\n1\n");
        File.WriteAllBytes(Path.Combine(_folder, "person.csv.gz"), []);

        var error = Assert.Throws<InvalidDataException>(() => OmopCsvFolder.Open(_folder));
        Assert.Contains("person", error.Message);
    }

    [Fact]
    public void A_folder_without_tables_is_refused() =>
        Assert.Throws<InvalidDataException>(() => OmopCsvFolder.Open(_folder));

    [Fact]
    public void The_content_hash_changes_with_any_byte()
    {
        var file = Path.Combine(_folder, "PERSON.csv");
        File.WriteAllText(file, "person_id\n1\n");
        var before = OmopCsvFolder.Open(_folder).ComputeContentSha256();
        Assert.Equal(before, OmopCsvFolder.Open(_folder).ComputeContentSha256());

        File.WriteAllText(file, "person_id\n2\n");
        Assert.NotEqual(before, OmopCsvFolder.Open(_folder).ComputeContentSha256());
    }

    [Fact]
    public void The_shipped_Eunomia_dataset_has_every_CDM_table_it_needs()
    {
        var folder = OmopCsvFolder.Open(WarehouseJob.EunomiaFolder);
        var tables = folder.Files.Select(f => f.Table).ToHashSet();
        Assert.Superset(new HashSet<string> { "person", "observation_period", "visit_occurrence", "condition_occurrence", "drug_exposure", "measurement", "concept", "concept_ancestor" }, tables);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
