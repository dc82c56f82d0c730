using System.Security.Cryptography;
using System.Text;
using EdsPlatform.Warehouse.Loading;
using static EdsPlatform.Warehouse.Synthetic.SyntheticVocabulary;

namespace EdsPlatform.Warehouse.Synthetic;

/// <summary>
/// A deterministic French university hospital: for a seed and a patient count it writes the same OMOP
/// CSV files, byte for byte, on every machine. Each patient is drawn from a random generator seeded by
/// (seed, patient index) alone, so a smaller dataset is the prefix of a larger one.
/// </summary>
public sealed class SyntheticHospital(int seed, int patientCount)
{
    /// <summary>Bump when the output changes, so that warehouses reload.</summary>
    private const int GeneratorVersion = 1;

    /// <summary>Synthetic person ids start here, well above the ids of imported datasets such as Eunomia.</summary>
    public const long PersonIdBase = 1_000_000_000;

    /// <summary>Event ids (visits, measurements, ...) are PersonIdBase * 1000 + patient index * 1000 + sequence.</summary>
    private const int MaxEventsPerPatientAndTable = 1000;

    public static readonly PersonIdRange PersonIds = new(PersonIdBase, (2 * PersonIdBase) - 1);

    private static readonly DateOnly FirstStay = new(2018, 1, 1);
    private static readonly int StayWindowDays = new DateOnly(2025, 12, 31).DayNumber - FirstStay.DayNumber;
    private static readonly DateOnly CovidStart = new(2020, 3, 1);

    private static readonly (string Name, long Id)[] Units =
    [
        ("Médecine interne", 1), ("Néphrologie et transplantation", 2), ("Neurologie", 3), ("Pneumologie", 4),
        ("Cardiologie", 5), ("Rhumatologie", 6), ("Urgences", 7), ("Imagerie médicale", 8),
    ];

    public int Seed => seed;

    public int PatientCount => patientCount;

    /// <summary>Identifies this dataset's content in the load history without generating it.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(
        Encoding.UTF8.GetBytes($"eds-synthetic-hospital;v{GeneratorVersion};seed={seed};patients={patientCount}")));

    public long WriteCsv(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patientCount);
        using var sink = new SyntheticCsvSink(folder);
        WriteVocabulary(sink);
        WriteCareSites(sink);
        for (var index = 0; index < patientCount; index++)
        {
            if (index % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            new PatientWriter(sink, seed, index).Write();
        }
        return sink.Rows;
    }

    private static void WriteVocabulary(SyntheticCsvSink sink)
    {
        foreach (var (id, name, reference) in ExtraVocabularies)
        {
            using var row = sink.NewRow("vocabulary");
            row.Set("vocabulary_id", id);
            row.Set("vocabulary_name", name);
            row.Set("vocabulary_reference", reference);
            row.Set("vocabulary_version", "EDS synthetic v" + GeneratorVersion);
            row.Set("vocabulary_concept_id", 0);
        }
        foreach (var code in AllCodes)
        {
            using (var row = sink.NewRow("concept"))
            {
                row.Set("concept_id", code.LocalConceptId);
                row.Set("concept_name", code.Name);
                row.Set("domain_id", code.Domain);
                row.Set("vocabulary_id", code.Vocabulary);
                row.Set("concept_class_id", code.ConceptClass);
                row.Set("standard_concept", code.StandardConceptId is null ? "S" : null);
                row.Set("concept_code", code.Code);
                row.Set("valid_start_date", new DateOnly(1970, 1, 1));
                row.Set("valid_end_date", new DateOnly(2099, 12, 31));
                row.Set("invalid_reason", null);
            }
            if (code.StandardConceptId is int standard)
            {
                WriteRelationship(sink, code.LocalConceptId, standard, "Maps to");
                WriteRelationship(sink, standard, code.LocalConceptId, "Mapped from");
            }
        }
    }

    private static void WriteRelationship(SyntheticCsvSink sink, int from, int to, string relationship)
    {
        using var row = sink.NewRow("concept_relationship");
        row.Set("concept_id_1", from);
        row.Set("concept_id_2", to);
        row.Set("relationship_id", relationship);
        row.Set("valid_start_date", new DateOnly(1970, 1, 1));
        row.Set("valid_end_date", new DateOnly(2099, 12, 31));
        row.Set("invalid_reason", null);
    }

    private static void WriteCareSites(SyntheticCsvSink sink)
    {
        foreach (var (name, id) in Units)
        {
            using var row = sink.NewRow("care_site");
            row.Set("care_site_id", PersonIdBase + id);
            row.Set("care_site_name", "CHU de Lyon — " + name);
            row.Set("place_of_service_concept_id", 0);
            row.Set("care_site_source_value", "UF" + (1000 + id));
        }
    }

    /// <summary>Draws one patient's life in hospital and writes its rows.</summary>
    private sealed class PatientWriter
    {
        private readonly SyntheticCsvSink _sink;
        private readonly Random _random;
        private readonly int _index;
        private readonly long _personId;
        private readonly Dictionary<string, int> _sequences = new(StringComparer.Ordinal);

        public PatientWriter(SyntheticCsvSink sink, int seed, int index)
        {
            _sink = sink;
            _index = index;
            _personId = PersonIdBase + index;
            // System.Random(int) is specified to give the same sequence for the same seed on every platform.
            _random = new Random(unchecked((seed * 1_000_003) + index));
        }

        public void Write()
        {
            var isFemale = _random.Next(2) == 0;
            var birth = new DateOnly(1935 + _random.Next(75), 1 + _random.Next(12), 1 + _random.Next(28));
            var context = NewContext(isFemale, birth);
            var chronic = DrawChronicConditions();
            var chronicDrugs = chronic.SelectMany(TreatmentsFor).Distinct().ToList();

            WritePerson(isFemale, birth);
            var stayCount = 1 + _random.Next(4);
            var starts = Enumerable.Range(0, stayCount)
                .Select(_ => FirstStay.AddDays(_random.Next(StayWindowDays)))
                .Order()
                .ToList();
            DateOnly? lastDay = null;
            foreach (var start in starts)
            {
                if (start <= lastDay)
                {
                    continue; // overlapping draw: one stay at a time
                }
                lastDay = WriteStay(context, start, chronic, chronicDrugs);
            }

            var dies = _random.NextDouble() < 0.04;
            var periodEnd = lastDay!.Value.AddDays(_random.Next(30, 365));
            if (dies)
            {
                periodEnd = lastDay.Value.AddDays(_random.Next(1, 60));
                WriteDeath(periodEnd, chronic.Count > 0 ? chronic[0] : SyntheticVocabulary.Pneumonia);
            }
            WriteObservationPeriod(starts[0], periodEnd);
        }

        private DocumentContext NewContext(bool isFemale, DateOnly birth)
        {
            var first = _random.Pick(isFemale ? FrenchIdentities.FemaleFirstNames : FrenchIdentities.MaleFirstNames);
            var last = _random.Pick(FrenchIdentities.LastNames);
            var (city, postCode) = FrenchIdentities.Cities[_random.Next(FrenchIdentities.Cities.Length)];
            return new DocumentContext(
                FullName: $"{first} {last.ToUpperInvariant()}",
                IsFemale: isFemale,
                BirthDate: birth,
                Ipp: Ipp,
                Address: $"{1 + _random.Next(120)} {_random.Pick(FrenchIdentities.Streets)}, {postCode} {city}",
                Phone: FrenchIdentities.Phone(_random, mobile: true),
                GeneralPractitioner: $"{_random.Pick(FrenchIdentities.MaleFirstNames)[0]}. {_random.Pick(FrenchIdentities.LastNames)}",
                GeneralPractitionerPhone: FrenchIdentities.Phone(_random, mobile: false),
                Specialist: $"{_random.Pick(FrenchIdentities.FemaleFirstNames)} {_random.Pick(FrenchIdentities.LastNames)}",
                SecretariatPhone: "04 72 11 " + _random.Next(10, 100) + " " + _random.Next(10, 100));
        }

        private string Ipp => $"8{_index + 10_000_000:D9}";

        private List<SyntheticCode> DrawChronicConditions()
        {
            // Weighted so that every cohort question of the demos has patients: transplant recipients on
            // azathioprine or mycophenolate, cardiovascular patients on aspirin or atenolol, and so on.
            (SyntheticCode Code, double Probability)[] prevalence =
            [
                (KidneyTransplant, 0.08), (RheumatoidArthritis, 0.06), (Lupus, 0.03), (Hypertension, 0.30),
                (Type2Diabetes, 0.15), (HeartFailure, 0.07), (AtrialFibrillation, 0.08), (CoronaryDisease, 0.09),
                (Asthma, 0.07), (Epilepsy, 0.03), (MultipleSclerosis, 0.02), (Osteoporosis, 0.05), (Alzheimer, 0.03),
            ];
            var conditions = new List<SyntheticCode>();
            foreach (var (code, probability) in prevalence)
            {
                if (_random.NextDouble() < probability)
                {
                    conditions.Add(code);
                    if (code == KidneyTransplant)
                    {
                        conditions.Add(ChronicKidneyDisease);
                    }
                }
            }
            return conditions;
        }

        private IEnumerable<DrugProduct> TreatmentsFor(SyntheticCode condition)
        {
            DrugProduct Drug(SyntheticCode code) => Drugs.First(d => d.Code == code);
            if (condition == KidneyTransplant)
            {
                yield return Drug(_random.Next(2) == 0 ? Azathioprine : Mycophenolate);
                yield return Drug(Tacrolimus);
                yield return Drug(Prednisolone);
            }
            else if (condition == RheumatoidArthritis)
            {
                yield return Drug(_random.Next(3) == 0 ? Azathioprine : Methotrexate);
            }
            else if (condition == Lupus)
            {
                yield return Drug(_random.Next(2) == 0 ? Mycophenolate : Azathioprine);
                yield return Drug(Prednisolone);
            }
            else if (condition == Hypertension)
            {
                yield return Drug(_random.Next(2) == 0 ? Amlodipine : Atenolol);
            }
            else if (condition == HeartFailure)
            {
                yield return Drug(Furosemide);
            }
            else if (condition == AtrialFibrillation)
            {
                yield return Drug(Warfarin);
            }
            else if (condition == CoronaryDisease)
            {
                yield return Drug(Aspirin);
                yield return Drug(Atenolol);
            }
        }

        private SyntheticCode DrawMainDiagnosis(DateOnly start, List<SyntheticCode> chronic)
        {
            if (start >= CovidStart && _random.NextDouble() < 0.12)
            {
                return Covid19;
            }
            SyntheticCode[] acute = [Pneumonia, GastrointestinalBleeding, Pyelonephritis, Stroke, Headache, Anemia, BrainTumour];
            return chronic.Count > 0 && _random.NextDouble() < 0.35
                ? chronic[_random.Next(chronic.Count)]
                : acute[_random.Next(acute.Length)];
        }

        private DateOnly WriteStay(DocumentContext context, DateOnly start, List<SyntheticCode> chronic, List<DrugProduct> chronicDrugs)
        {
            var main = DrawMainDiagnosis(start, chronic);
            var emergencyOnly = _random.NextDouble() < 0.2;
            var end = emergencyOnly ? start : start.AddDays(1 + _random.Next(14));
            var unit = UnitFor(main, emergencyOnly);
            var visitId = NextId("visit_occurrence");
            WriteVisit(visitId, start, end, emergencyOnly, unit);

            WriteCondition(visitId, main, start, end, primary: true);
            var history = chronic.Where(c => c != main).ToList();
            foreach (var condition in history)
            {
                WriteCondition(visitId, condition, start, end, primary: false);
            }

            var vitals = VitalSigns.Select(test => (test, Draw(test, main))).ToList();
            foreach (var (test, value) in vitals)
            {
                WriteMeasurement(visitId, test, value, start.ToDateTime(new TimeOnly(8 + _random.Next(12), _random.Next(60))));
            }
            var biology = Biology.Select(test => (test, Draw(test, main, chronic))).ToList();
            var samplingDays = emergencyOnly ? 1 : 1 + _random.Next(3);
            for (var day = 0; day < samplingDays; day++)
            {
                var sampled = start.AddDays(Math.Min(day * 2, end.DayNumber - start.DayNumber)).ToDateTime(new TimeOnly(6, 30 + _random.Next(30)));
                foreach (var (test, value) in biology)
                {
                    WriteMeasurement(visitId, test, day == 0 ? value : Draw(test, main, chronic), sampled);
                }
            }

            var drugs = new List<DrugProduct>(chronicDrugs);
            drugs.AddRange(AcuteTreatments(main));
            foreach (var drug in drugs.Distinct())
            {
                WriteDrug(visitId, drug, start, chronicDrugs.Contains(drug) ? end.AddDays(90) : end.AddDays(_random.Next(3, 10)));
            }
            var stopped = _random.NextDouble() < 0.1 && drugs.Count > 0 ? drugs[_random.Next(drugs.Count)] : null;

            var study = DrawImaging(main, chronic, start);
            if (study is not null)
            {
                WriteImageOccurrence(visitId, WriteProcedure(visitId, study), study);
            }
            var facts = new StayFacts(unit.Name, start, end, main, history, vitals, biology, drugs.Distinct().ToList(), stopped, study?.Accession);
            if (!emergencyOnly)
            {
                WriteNote(visitId, end, "Compte rendu d'hospitalisation", DischargeSummaryType, ClinicalDocuments.DischargeLetter(context, facts, _random), "CRH");
            }
            if (study is not null)
            {
                var report = study.Act == BrainMri
                    ? ClinicalDocuments.BrainMriReport(context, facts, study, _random)
                    : ClinicalDocuments.ChestXrayReport(context, facts, study, _random);
                WriteNote(visitId, study.Date, study.Act == BrainMri ? "IRM cérébrale" : "Radiographie thoracique", RadiologyReportType, report, study.Accession);
            }
            return end;
        }

        private (string Name, long Id) UnitFor(SyntheticCode main, bool emergency) =>
            emergency ? Units[6]
            : main == Stroke || main == Headache || main == BrainTumour || main == Epilepsy || main == MultipleSclerosis ? Units[2]
            : main == Pneumonia || main == Covid19 || main == Asthma ? Units[3]
            : main == KidneyTransplant || main == ChronicKidneyDisease || main == Pyelonephritis ? Units[1]
            : main == HeartFailure || main == AtrialFibrillation || main == CoronaryDisease ? Units[4]
            : main == RheumatoidArthritis || main == Lupus || main == Osteoporosis ? Units[5]
            : Units[0];

        private IEnumerable<DrugProduct> AcuteTreatments(SyntheticCode main)
        {
            DrugProduct Drug(SyntheticCode code) => Drugs.First(d => d.Code == code);
            yield return Drug(Paracetamol);
            if (main == Pneumonia || main == Pyelonephritis)
            {
                yield return Drug(Amoxicillin);
            }
            if (main == GastrointestinalBleeding || _random.NextDouble() < 0.15)
            {
                yield return Drug(Lansoprazole);
            }
            if (main == Headache || _random.NextDouble() < 0.08)
            {
                yield return Drug(Diclofenac);
            }
            if (main == Stroke)
            {
                yield return Drug(Aspirin);
            }
        }

        private ImagingStudy? DrawImaging(SyntheticCode main, List<SyntheticCode> chronic, DateOnly start)
        {
            SyntheticCode? act =
                main == Stroke || main == Headache || main == BrainTumour || main == Epilepsy || chronic.Contains(MultipleSclerosis) && _random.Next(2) == 0 ? BrainMri
                : main == Pneumonia || main == Covid19 || main == HeartFailure || _random.NextDouble() < 0.1 ? ChestXray
                : null;
            if (act is null)
            {
                return null;
            }
            var sequence = NextSequence("study");
            var accession = $"ACC{start.Year}{_index:D7}{sequence:D2}";
            // 2.25 is the DICOM root for UUID-derived UIDs; ours derives from the patient and study numbers.
            var uid = $"2.25.{(ulong)(PersonIdBase + _index) * 1000UL + (ulong)sequence}";
            var radiologist = $"{_random.Pick(FrenchIdentities.MaleFirstNames)} {_random.Pick(FrenchIdentities.LastNames)}";
            return new ImagingStudy(act, start.AddDays(_random.Next(2)), accession, uid, radiologist, "04 72 11 " + _random.Next(10, 100) + " 00");
        }

        private double Draw(LabTest test, SyntheticCode main, List<SyntheticCode>? chronic = null)
        {
            var span = test.High - test.Low;
            var value = test.Low + (span * (0.15 + (0.7 * _random.NextDouble())));
            var infected = main == Pneumonia || main == Covid19 || main == Pyelonephritis;
            if (test == CReactiveProtein && infected) value = 40 + (_random.NextDouble() * 200);
            if (test == Temperature && infected) value = 38 + (_random.NextDouble() * 1.8);
            if (test == OxygenSaturation && (main == Covid19 || main == Pneumonia)) value = 86 + _random.Next(9);
            if (test == Haemoglobin && (main == Anemia || main == GastrointestinalBleeding)) value = 6 + (_random.NextDouble() * 4);
            if (test == Creatinine && chronic?.Contains(ChronicKidneyDisease) == true) value = 150 + (_random.NextDouble() * 400);
            if (test == Glucose && chronic?.Contains(Type2Diabetes) == true) value = 7 + (_random.NextDouble() * 6);
            if (test == SystolicPressure && chronic?.Contains(Hypertension) == true) value = 140 + _random.Next(40);
            return Math.Round(value, test.Decimals);
        }

        private long NextId(string table) => (PersonIdBase * MaxEventsPerPatientAndTable) + ((long)_index * MaxEventsPerPatientAndTable) + NextSequence(table);

        private int NextSequence(string table)
        {
            var next = _sequences.GetValueOrDefault(table) + 1;
            if (next >= MaxEventsPerPatientAndTable)
            {
                throw new InvalidOperationException($"Patient {_index} has more than {MaxEventsPerPatientAndTable} rows in {table}.");
            }
            _sequences[table] = next;
            return next;
        }

        // OMOP concepts of the rows' types (standard OMOP ids).
        private const int Male = 8507, Female = 8532;
        private const int InpatientVisit = 9201, EmergencyVisit = 9203;
        private const int EhrType = 32817, ClaimType = 32810;
        private const int PrimaryDiagnosis = 32902, SecondaryDiagnosis = 32908;
        private const int DischargeSummaryType = 44814637, RadiologyReportType = 44814641;
        private const int Utf8 = 32678, FrenchLanguage = 4180190;
        private const int OralRoute = 4132161;

        private void WritePerson(bool isFemale, DateOnly birth)
        {
            using var row = _sink.NewRow("person");
            row.Set("person_id", _personId);
            row.Set("gender_concept_id", isFemale ? Female : Male);
            row.Set("year_of_birth", birth.Year);
            row.Set("month_of_birth", birth.Month);
            row.Set("day_of_birth", birth.Day);
            row.Set("race_concept_id", 0);
            row.Set("ethnicity_concept_id", 0);
            row.Set("person_source_value", Ipp);
            row.Set("gender_source_value", isFemale ? "F" : "M");
        }

        private void WriteObservationPeriod(DateOnly start, DateOnly end)
        {
            using var row = _sink.NewRow("observation_period");
            row.Set("observation_period_id", NextId("observation_period"));
            row.Set("person_id", _personId);
            row.Set("observation_period_start_date", start);
            row.Set("observation_period_end_date", end);
            row.Set("period_type_concept_id", EhrType);
        }

        private void WriteVisit(long visitId, DateOnly start, DateOnly end, bool emergency, (string Name, long Id) unit)
        {
            using var row = _sink.NewRow("visit_occurrence");
            row.Set("visit_occurrence_id", visitId);
            row.Set("person_id", _personId);
            row.Set("visit_concept_id", emergency ? EmergencyVisit : InpatientVisit);
            row.Set("visit_start_date", start);
            row.Set("visit_end_date", end);
            row.Set("visit_type_concept_id", ClaimType);
            row.Set("care_site_id", PersonIdBase + unit.Id);
            row.Set("visit_source_value", $"RSS{visitId % 100_000_000:D8}");
        }

        private void WriteCondition(long visitId, SyntheticCode code, DateOnly start, DateOnly end, bool primary)
        {
            using var row = _sink.NewRow("condition_occurrence");
            row.Set("condition_occurrence_id", NextId("condition_occurrence"));
            row.Set("person_id", _personId);
            row.Set("condition_concept_id", code.ConceptId);
            row.Set("condition_start_date", start);
            row.Set("condition_end_date", end);
            row.Set("condition_type_concept_id", ClaimType);
            row.Set("condition_status_concept_id", primary ? PrimaryDiagnosis : SecondaryDiagnosis);
            row.Set("visit_occurrence_id", visitId);
            row.Set("condition_source_value", code.Code);
            row.Set("condition_source_concept_id", code.LocalConceptId);
            row.Set("condition_status_source_value", primary ? "DP" : "DAS");
        }

        private void WriteMeasurement(long visitId, LabTest test, double value, DateTime at)
        {
            using var row = _sink.NewRow("measurement");
            row.Set("measurement_id", NextId("measurement"));
            row.Set("person_id", _personId);
            row.Set("measurement_concept_id", test.Code.ConceptId);
            row.Set("measurement_date", DateOnly.FromDateTime(at));
            row.Set("measurement_datetime", at);
            row.Set("measurement_type_concept_id", EhrType);
            row.Set("value_as_number", value, test.Decimals);
            row.Set("unit_concept_id", 0);
            row.Set("range_low", test.Low, test.Decimals);
            row.Set("range_high", test.High, test.Decimals);
            row.Set("visit_occurrence_id", visitId);
            row.Set("measurement_source_value", test.Code.Code);
            row.Set("measurement_source_concept_id", test.Code.LocalConceptId);
            row.Set("unit_source_value", test.Unit);
        }

        private void WriteDrug(long visitId, DrugProduct drug, DateOnly start, DateOnly end)
        {
            using var row = _sink.NewRow("drug_exposure");
            row.Set("drug_exposure_id", NextId("drug_exposure"));
            row.Set("person_id", _personId);
            row.Set("drug_concept_id", drug.Code.ConceptId);
            row.Set("drug_exposure_start_date", start);
            row.Set("drug_exposure_end_date", end);
            row.Set("drug_type_concept_id", EhrType);
            row.Set("quantity", (end.DayNumber - start.DayNumber + 1) * drug.DailyUnits);
            row.Set("days_supply", end.DayNumber - start.DayNumber + 1);
            row.Set("sig", drug.Sig);
            row.Set("route_concept_id", OralRoute);
            row.Set("visit_occurrence_id", visitId);
            row.Set("drug_source_value", drug.Code.Code);
            row.Set("drug_source_concept_id", drug.Code.LocalConceptId);
            row.Set("route_source_value", "orale");
            row.Set("dose_unit_source_value", drug.Strength);
        }

        private long WriteProcedure(long visitId, ImagingStudy study)
        {
            var id = NextId("procedure_occurrence");
            using var row = _sink.NewRow("procedure_occurrence");
            row.Set("procedure_occurrence_id", id);
            row.Set("person_id", _personId);
            row.Set("procedure_concept_id", study.Act.ConceptId);
            row.Set("procedure_date", study.Date);
            row.Set("procedure_type_concept_id", EhrType);
            row.Set("visit_occurrence_id", visitId);
            row.Set("procedure_source_value", study.Act.Code);
            row.Set("procedure_source_concept_id", study.Act.LocalConceptId);
            row.Set("modifier_source_value", study.Accession);
            return id;
        }

        /// <summary>
        /// The study in IMAGE_OCCURRENCE (OHDSI imaging extension). Its pixels are not stored: local_path names a synthetic
        /// study that the imaging service's archive generates, identically each time, from these ids.
        /// </summary>
        private void WriteImageOccurrence(long visitId, long procedureId, ImagingStudy study)
        {
            using var row = _sink.NewRow("image_occurrence");
            row.Set("image_occurrence_id", NextId("image_occurrence"));
            row.Set("person_id", _personId);
            row.Set("procedure_occurrence_id", procedureId);
            row.Set("visit_occurrence_id", visitId);
            row.Set("local_path", $"synthetic/{(study.Act == BrainMri ? "brain-mri" : "chest-xray")}/{study.StudyInstanceUid}.dcm");
            row.Set("image_occurrence_date", study.Date);
            row.Set("image_study_uid", study.StudyInstanceUid);
        }

        private void WriteNote(long visitId, DateOnly date, string title, int type, string text, string sourceValue)
        {
            using var row = _sink.NewRow("note");
            row.Set("note_id", NextId("note"));
            row.Set("person_id", _personId);
            row.Set("note_date", date);
            row.Set("note_type_concept_id", type);
            row.Set("note_class_concept_id", 0);
            row.Set("note_title", title);
            row.Set("note_text", text);
            row.Set("encoding_concept_id", Utf8);
            row.Set("language_concept_id", FrenchLanguage);
            row.Set("visit_occurrence_id", visitId);
            row.Set("note_source_value", sourceValue);
        }

        private void WriteDeath(DateOnly date, SyntheticCode cause)
        {
            using var row = _sink.NewRow("death");
            row.Set("person_id", _personId);
            row.Set("death_date", date);
            row.Set("death_type_concept_id", EhrType);
            row.Set("cause_concept_id", cause.ConceptId);
            row.Set("cause_source_value", cause.Code);
            row.Set("cause_source_concept_id", cause.LocalConceptId);
        }
    }
}
