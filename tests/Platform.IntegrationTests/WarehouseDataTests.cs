using EdsPlatform.Postgres;
using EdsPlatform.Warehouse;
using EdsPlatform.Warehouse.Loading;
using EdsPlatform.Warehouse.Schema;
using EdsPlatform.Warehouse.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;
using nietras.SeparatedValues;
using Npgsql;

namespace EdsPlatform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class WarehouseDataTests(PlatformFixture platform)
{
    /// <summary>OHDSI's published size of the Eunomia GiBleed population.</summary>
    private const int EunomiaPersons = 2694;

    [Fact]
    public async Task Eunomia_is_loaded_with_its_published_person_count()
    {
        await using var omop = await platform.OmopDataSourceAsync();
        Assert.Equal(EunomiaPersons, await Sql.CountAsync(omop, $"SELECT count(*) FROM cdm.person WHERE person_id < {SyntheticHospital.PersonIdBase}"));
    }

    [Theory]
    [InlineData("observation_period")]
    [InlineData("visit_occurrence")]
    [InlineData("condition_occurrence")]
    [InlineData("drug_exposure")]
    [InlineData("measurement")]
    [InlineData("observation")]
    [InlineData("procedure_occurrence")]
    [InlineData("condition_era")]
    [InlineData("drug_era")]
    public async Task Every_Eunomia_row_of_a_clinical_table_is_loaded(string table)
    {
        var expected = CountCsvRows(table);
        await using var omop = await platform.OmopDataSourceAsync();
        Assert.Equal(expected, await Sql.CountAsync(omop, $"SELECT count(*) FROM cdm.{table} WHERE person_id < {SyntheticHospital.PersonIdBase}"));
    }

    [Fact]
    public async Task The_Eunomia_vocabulary_is_loaded_and_merged_with_the_synthetic_one()
    {
        await using var omop = await platform.OmopDataSourceAsync();
        Assert.Equal(CountCsvRows("concept"), await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.concept WHERE concept_id < 2000000000"));
        Assert.Equal(SyntheticVocabulary.AllCodes.Count(), await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.concept WHERE concept_id > 2000000000"));
        // CDM v5.3 column names were mapped: Eunomia visits keep their discharge information under the v5.4 name.
        Assert.True(await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.cdm_source") >= 1);
    }

    [Fact]
    public async Task The_synthetic_hospital_is_loaded_and_queryable_through_standard_concepts()
    {
        await using var omop = await platform.OmopDataSourceAsync();
        Assert.Equal(PlatformFixture.SyntheticPatients, await Sql.CountAsync(omop, $"SELECT count(*) FROM cdm.person WHERE person_id >= {SyntheticHospital.PersonIdBase}"));
        // Aspirin (ATC B01AC06) maps to Eunomia's RxNorm ingredient: one concept and its descendants find both populations.
        const string aspirinTakers = """
            SELECT DISTINCT person_id FROM cdm.drug_exposure
            WHERE drug_concept_id IN (SELECT descendant_concept_id FROM cdm.concept_ancestor WHERE ancestor_concept_id = 1112807)
            """;
        Assert.True(await Sql.CountAsync(omop, $"SELECT count(*) FROM ({aspirinTakers}) p WHERE person_id >= {SyntheticHospital.PersonIdBase}") > 0);
        Assert.True(await Sql.CountAsync(omop, $"SELECT count(*) FROM ({aspirinTakers}) p WHERE person_id < {SyntheticHospital.PersonIdBase}") > 0);
        Assert.True(await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.note WHERE language_concept_id = 4180190") > 0);
    }

    [Fact]
    public async Task Loading_again_duplicates_nothing()
    {
        await using var omop = await platform.OmopDataSourceAsync();
        var before = await Sql.CountAsync(omop, "SELECT (SELECT count(*) FROM cdm.person) + (SELECT count(*) FROM cdm.measurement) + (SELECT count(*) FROM cdm.concept)");

        var results = await NewJob(omop).RunAsync(new WarehouseOptions { SyntheticPatients = PlatformFixture.SyntheticPatients, SyntheticSeed = PlatformFixture.SyntheticSeed }, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(LoadOutcome.AlreadyLoaded, r.Outcome));
        Assert.Equal(before, await Sql.CountAsync(omop, "SELECT (SELECT count(*) FROM cdm.person) + (SELECT count(*) FROM cdm.measurement) + (SELECT count(*) FROM cdm.concept)"));
    }

    [Fact]
    public async Task One_seed_always_gives_the_same_warehouse_content()
    {
        await using var scratch = await platform.CreateScratchDatabaseAsync("seed");
        await NewJob(scratch).RunAsync(new WarehouseOptions { LoadEunomia = false, SyntheticPatients = PlatformFixture.SyntheticPatients, SyntheticSeed = PlatformFixture.SyntheticSeed }, CancellationToken.None);
        await using var omop = await platform.OmopDataSourceAsync();

        foreach (var table in new[] { "person", "visit_occurrence", "condition_occurrence", "drug_exposure", "measurement", "note", "death", "image_occurrence" })
        {
            // The platform's warehouse also holds what services derived from it (imaging probabilities in MEASUREMENT,
            // in an id range of their own): the loaded rows are compared.
            var loaded = table == "measurement" ? "measurement_id < 9000000000000000000" : "true";
            var expected = await Sql.DigestAsync(omop, table, SyntheticHospital.PersonIdBase, loaded);
            Assert.NotNull(expected);
            Assert.Equal(expected, await Sql.DigestAsync(scratch, table, SyntheticHospital.PersonIdBase, loaded));
        }
    }

    [Fact]
    public async Task A_changed_synthetic_dataset_replaces_the_previous_one_entirely()
    {
        await using var scratch = await platform.CreateScratchDatabaseAsync("replace");
        var job = NewJob(scratch);
        await job.RunAsync(new WarehouseOptions { LoadEunomia = false, SyntheticPatients = 200 }, CancellationToken.None);

        var results = await job.RunAsync(new WarehouseOptions { LoadEunomia = false, SyntheticPatients = 120 }, CancellationToken.None);

        Assert.Equal(LoadOutcome.Replaced, Assert.Single(results).Outcome);
        Assert.Equal(120, await Sql.CountAsync(scratch, "SELECT count(*) FROM cdm.person"));
        Assert.Equal(0, await Sql.CountAsync(scratch, "SELECT count(*) FROM cdm.measurement m WHERE NOT EXISTS (SELECT 1 FROM cdm.person p WHERE p.person_id = m.person_id)"));
        Assert.Equal(0, await Sql.CountAsync(scratch, "SELECT count(*) FROM cdm.note n WHERE NOT EXISTS (SELECT 1 FROM cdm.person p WHERE p.person_id = n.person_id)"));
    }

    [Fact]
    public async Task A_bad_value_is_reported_with_its_place_and_nothing_of_the_file_is_loaded()
    {
        await using var scratch = await platform.CreateScratchDatabaseAsync("badcsv");
        var folder = Directory.CreateTempSubdirectory("eds-bad-csv-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "PERSON.csv"),
                "person_id,gender_concept_id,year_of_birth,race_concept_id,ethnicity_concept_id,birth_datetime\n" +
                "1,8507,1970,0,0,1970-01-01\n" +
                "2,8532,1971,0,0,not-a-date\n");
            var job = NewJob(scratch);
            await PlatformFixture.MigrateOmopAsync(scratch);

            var error = await Assert.ThrowsAsync<InvalidDataException>(() => job.ImportAsync("bad", folder, null, CancellationToken.None));

            Assert.Contains("PERSON.csv, line 3, column 'birth_datetime'", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, await Sql.CountAsync(scratch, "SELECT count(*) FROM cdm.person"));
            Assert.Equal(0, await Sql.CountAsync(scratch, "SELECT count(*) FROM warehouse.load_history"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_in_formats_the_server_cannot_read_is_loaded_by_the_loaders_own_parser()
    {
        await using var scratch = await platform.CreateScratchDatabaseAsync("ohdsicsv");
        var folder = Directory.CreateTempSubdirectory("eds-ohdsi-csv-").FullName;
        try
        {
            // Athena's compact dates and an integer written as a real: PostgreSQL's CSV COPY refuses both.
            File.WriteAllText(Path.Combine(folder, "PERSON.csv"),
                "person_id,gender_concept_id,year_of_birth,race_concept_id,ethnicity_concept_id,birth_datetime\n" +
                "1,8507,1970.0,0,0,19700215\n" +
                "2,8532,1971,0,0,1971-03-04T05:06:07Z\n");
            await PlatformFixture.MigrateOmopAsync(scratch);

            var result = await NewJob(scratch).ImportAsync("ohdsi", folder, null, CancellationToken.None);

            Assert.Equal(2, result.Rows);
            Assert.Equal("1970 1970-02-15 00:00:00|1971 1971-03-04 05:06:07",
                await Sql.ScalarAsync<string>(scratch, "SELECT string_agg(year_of_birth || ' ' || birth_datetime, '|' ORDER BY person_id) FROM cdm.person"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_column_the_CDM_does_not_have_is_refused_by_name()
    {
        await using var scratch = await platform.CreateScratchDatabaseAsync("badcol");
        var folder = Directory.CreateTempSubdirectory("eds-bad-csv-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "person.csv"), "person_id,favourite_colour\n1,blue\n");
            await PlatformFixture.MigrateOmopAsync(scratch);

            var error = await Assert.ThrowsAsync<InvalidDataException>(() => NewJob(scratch).ImportAsync("bad", folder, null, CancellationToken.None));

            Assert.Contains("'favourite_colour' is not in cdm.person", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static WarehouseJob NewJob(NpgsqlDataSource dataSource) => new(
        new SchemaMigrator(dataSource, [WarehouseMigrations.Set], NullLogger<SchemaMigrator>.Instance),
        new DatasetLoader(dataSource, NullLogger<DatasetLoader>.Instance),
        new ReaderRole(dataSource, NullLogger<ReaderRole>.Instance),
        NullLogger<WarehouseJob>.Instance);

    private static long CountCsvRows(string table)
    {
        var file = Directory.EnumerateFiles(WarehouseJob.EunomiaFolder)
            .Single(f => Path.GetFileName(f).StartsWith(table.ToUpperInvariant() + ".", StringComparison.Ordinal));
        using var stream = new System.IO.Compression.GZipStream(File.OpenRead(file), System.IO.Compression.CompressionMode.Decompress);
        using var reader = Sep.Reader(o => o with { Unescape = true }).From(stream);
        long rows = 0;
        foreach (var _ in reader)
        {
            rows++;
        }
        return rows;
    }
}
