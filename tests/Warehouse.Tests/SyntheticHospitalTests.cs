using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EdsPlatform.Warehouse.Synthetic;

namespace EdsPlatform.Warehouse.Tests;

/// <summary>One generated hospital shared by the content tests (generation takes about a second).</summary>
public sealed class GeneratedHospitalFixture : IDisposable
{
    public const int Patients = 600;

    public GeneratedHospitalFixture()
    {
        Folder = Directory.CreateTempSubdirectory("eds-synthetic-test-").FullName;
        Rows = new SyntheticHospital(seed: 7, Patients).WriteCsv(Folder);
    }

    public string Folder { get; }

    public long Rows { get; }

    public List<Dictionary<string, string>> Table(string name) => CsvTables.Read(Folder, name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public sealed class SyntheticHospitalTests(GeneratedHospitalFixture hospital) : IClassFixture<GeneratedHospitalFixture>
{
    [Fact]
    public void One_seed_always_gives_the_same_files_and_another_seed_other_files()
    {
        var first = Checksum(new SyntheticHospital(seed: 11, patientCount: 150));
        var again = Checksum(new SyntheticHospital(seed: 11, patientCount: 150));
        var otherSeed = Checksum(new SyntheticHospital(seed: 12, patientCount: 150));

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void A_smaller_hospital_is_the_beginning_of_a_larger_one()
    {
        using var small = new TempFolder();
        new SyntheticHospital(seed: 7, patientCount: 100).WriteCsv(small.Path);
        var smallPersons = CsvTables.Read(small.Path, "person");
        var largePersons = hospital.Table("person");

        Assert.Equal(100, smallPersons.Count);
        Assert.Equal(smallPersons.Select(p => string.Join(',', p.Values)), largePersons.Take(100).Select(p => string.Join(',', p.Values)));
    }

    [Fact]
    public void The_fingerprint_names_seed_and_size()
    {
        Assert.Equal(new SyntheticHospital(1, 10).Fingerprint, new SyntheticHospital(1, 10).Fingerprint);
        Assert.NotEqual(new SyntheticHospital(1, 10).Fingerprint, new SyntheticHospital(1, 11).Fingerprint);
        Assert.NotEqual(new SyntheticHospital(1, 10).Fingerprint, new SyntheticHospital(2, 10).Fingerprint);
    }

    [Fact]
    public void Every_patient_has_a_person_row_an_observation_period_and_a_stay()
    {
        var persons = hospital.Table("person");
        Assert.Equal(GeneratedHospitalFixture.Patients, persons.Count);
        Assert.All(persons, p => Assert.InRange(long.Parse(p["person_id"]), SyntheticHospital.PersonIds.First, SyntheticHospital.PersonIds.Last));
        Assert.Equal(persons.Count, hospital.Table("observation_period").Select(p => p["person_id"]).Distinct().Count());
        Assert.Equal(persons.Count, hospital.Table("visit_occurrence").Select(p => p["person_id"]).Distinct().Count());
    }

    [Fact]
    public void Facts_belong_to_known_persons_and_stays_and_fall_inside_the_observation_period()
    {
        var periods = hospital.Table("observation_period").ToDictionary(p => p["person_id"],
            p => (Start: DateOnly.Parse(p["observation_period_start_date"]), End: DateOnly.Parse(p["observation_period_end_date"])));
        var visits = hospital.Table("visit_occurrence").Select(v => v["visit_occurrence_id"]).ToHashSet();
        foreach (var (table, dateColumn) in new[] { ("condition_occurrence", "condition_start_date"), ("drug_exposure", "drug_exposure_start_date"), ("measurement", "measurement_date"), ("note", "note_date"), ("procedure_occurrence", "procedure_date") })
        {
            var rows = hospital.Table(table);
            Assert.NotEmpty(rows);
            Assert.All(rows, row =>
            {
                Assert.Contains(row["visit_occurrence_id"], visits);
                var (start, end) = periods[row["person_id"]];
                Assert.InRange(DateOnly.Parse(row[dateColumn]), start, end);
            });
        }
    }

    [Fact]
    public void Every_concept_used_is_described_in_the_generated_or_the_Eunomia_vocabulary()
    {
        var known = hospital.Table("concept").Select(c => c["concept_id"])
            .Concat(CsvTables.Read(WarehouseJob.EunomiaFolder, "concept").Select(c => c["concept_id"]))
            .ToHashSet();
        foreach (var (table, columns) in new[]
        {
            ("condition_occurrence", new[] { "condition_concept_id", "condition_source_concept_id" }),
            ("drug_exposure", new[] { "drug_concept_id", "drug_source_concept_id" }),
            ("measurement", new[] { "measurement_concept_id", "measurement_source_concept_id" }),
            ("procedure_occurrence", new[] { "procedure_concept_id", "procedure_source_concept_id" }),
        })
        {
            var used = hospital.Table(table).SelectMany(row => columns.Select(c => row[c])).Distinct();
            Assert.All(used, id => Assert.Contains(id, known));
        }
    }

    [Fact]
    public void Mapped_codes_point_to_standard_Eunomia_concepts_of_the_same_domain()
    {
        var eunomia = CsvTables.Read(WarehouseJob.EunomiaFolder, "concept").ToDictionary(c => int.Parse(c["concept_id"]));
        var mapped = SyntheticVocabulary.AllCodes.Where(c => c.StandardConceptId is not null).ToList();
        Assert.NotEmpty(mapped);
        Assert.All(mapped, code =>
        {
            var standard = eunomia[code.StandardConceptId!.Value];
            Assert.Equal("S", standard["standard_concept"]);
            Assert.Equal(code.Domain, standard["domain_id"]);
        });
        var mapsTo = hospital.Table("concept_relationship").Where(r => r["relationship_id"] == "Maps to").ToList();
        Assert.Equal(mapped.Count, mapsTo.Count);
    }

    [Fact]
    public void Local_concept_ids_are_unique_and_in_the_local_range()
    {
        var ids = SyntheticVocabulary.AllCodes.Select(c => c.LocalConceptId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(id > 2_000_000_000));
    }

    [Theory]
    [InlineData("L04AX01")] // azathioprine
    [InlineData("L04AA06")] // mycophenolate
    [InlineData("B01AC06")] // aspirin
    [InlineData("C03CA01")] // furosemide
    [InlineData("C07AB03")] // atenolol
    [InlineData("C08CA01")] // amlodipine
    [InlineData("M01AB05")] // diclofenac
    [InlineData("A02BC03")] // lansoprazole
    public void The_drugs_the_platform_demonstrates_are_administered(string atc) =>
        Assert.Contains(hospital.Table("drug_exposure"), d => d["drug_source_value"] == atc);

    [Fact]
    public void Covid_stays_start_after_March_2020()
    {
        var covid = hospital.Table("condition_occurrence").Where(c => c["condition_source_value"] == "U07.1").ToList();
        Assert.NotEmpty(covid);
        Assert.All(covid, c => Assert.True(DateOnly.Parse(c["condition_start_date"]) >= new DateOnly(2020, 3, 1)));
    }

    [Fact]
    public void Biology_has_values_units_and_reference_ranges()
    {
        var creatinine = hospital.Table("measurement").Where(m => m["measurement_source_value"] == "2160-0").ToList();
        Assert.NotEmpty(creatinine);
        Assert.All(creatinine, m =>
        {
            Assert.Equal("µmol/L", m["unit_source_value"]);
            Assert.Equal("60", m["range_low"]);
            Assert.Equal("110", m["range_high"]);
            Assert.True(double.Parse(m["value_as_number"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        });
    }

    [Fact]
    public void Some_patients_die_after_their_last_stay()
    {
        var deaths = hospital.Table("death");
        Assert.NotEmpty(deaths);
        var lastStay = hospital.Table("visit_occurrence").GroupBy(v => v["person_id"]).ToDictionary(g => g.Key, g => g.Max(v => DateOnly.Parse(v["visit_end_date"])));
        Assert.All(deaths, d => Assert.True(DateOnly.Parse(d["death_date"]) > lastStay[d["person_id"]]));
    }

    [Theory]
    [InlineData("negation", @"\b(Pas de|Absence d|ne présente pas|Aucun)\b")]
    [InlineData("hypothesis", @"\b(Suspicion|possible|probable|ne peut être formellement exclue)")]
    [InlineData("family history", @"Antécédents familiaux : (mère|père|frère|sa sœur)")]
    [InlineData("personal history", @"ATCD connu depuis \d{4}")]
    [InlineData("date", @"\b\d{2}/\d{2}/\d{4}\b")]
    [InlineData("written date", @"\b\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\b")]
    [InlineData("measurement", @"\d+(,\d+)? (mmol/L|µmol/L|g/dL|mmHg)")]
    [InlineData("drug with posology", @"(AZATHIOPRINE|MYCOPHÉNOLATE MOFÉTIL|FUROSÉMIDE) \d+ mg : ")]
    [InlineData("phone number", @"\b0\d( \d{2}){4}\b")]
    [InlineData("patient name and IPP", @"Patiente? : [A-ZÉ][a-zéèï]+ [A-ZÉÈ]{2,}.*IPP \d{10}")]
    [InlineData("image reference", @"StudyInstanceUID 2\.25\.\d+")]
    public void Documents_give_NLP_real_work(string feature, string pattern)
    {
        var notes = hospital.Table("note").Select(n => n["note_text"]).ToList();
        Assert.True(notes.Any(text => Regex.IsMatch(text, pattern)), $"no document shows a {feature} ({pattern})");
    }

    [Fact]
    public void Imaging_reports_and_acts_share_the_accession_number()
    {
        var reports = hospital.Table("note").Where(n => n["note_type_concept_id"] == "44814641").ToList();
        var acts = hospital.Table("procedure_occurrence").Select(p => p["modifier_source_value"]).ToHashSet();
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Contains(r["note_source_value"], acts));
        Assert.Contains(reports, r => r["note_title"] == "IRM cérébrale");
        Assert.Contains(reports, r => r["note_title"] == "Radiographie thoracique");
    }

    private static string Checksum(SyntheticHospital generator)
    {
        using var folder = new TempFolder();
        generator.WriteCsv(folder.Path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(folder.Path).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("eds-synthetic-test-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
