using EdsPlatform.Postgres;
using EdsPlatform.Warehouse.Loading;
using EdsPlatform.Warehouse.Schema;
using EdsPlatform.Warehouse.Synthetic;
using Microsoft.Extensions.Logging;

namespace EdsPlatform.Warehouse;

/// <summary>The warehouse's run-once work: migrate the schema, then load each configured dataset.</summary>
public sealed class WarehouseJob(SchemaMigrator migrator, DatasetLoader loader, ReaderRole readerRole, ILogger<WarehouseJob> logger)
{
    public const string EunomiaDataset = "eunomia-gibleed";
    public const string SyntheticDataset = "synthetic-hospital";

    public static string EunomiaFolder => Path.Combine(AppContext.BaseDirectory, "Data", "eunomia-gibleed");

    public async Task<IReadOnlyList<LoadResult>> RunAsync(WarehouseOptions options, CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        if (options.ReaderPassword is { Length: > 0 } password)
        {
            await readerRole.EnsureAsync(password, cancellationToken);
        }
        var results = new List<LoadResult>();
        if (options.LoadEunomia)
        {
            results.Add(await loader.LoadAsync(FolderRequest(EunomiaDataset, EunomiaFolder, new PersonIdRange(0, SyntheticHospital.PersonIdBase - 1)), cancellationToken));
        }
        if (options.SyntheticPatients > 0)
        {
            results.Add(await loader.LoadAsync(SyntheticRequest(new SyntheticHospital(options.SyntheticSeed, options.SyntheticPatients)), cancellationToken));
        }
        return results;
    }

    public Task<LoadResult> ImportAsync(string dataset, string folder, PersonIdRange? ownedPersons, CancellationToken cancellationToken) =>
        loader.LoadAsync(FolderRequest(dataset, folder, ownedPersons), cancellationToken);

    public static DatasetLoadRequest FolderRequest(string dataset, string folder, PersonIdRange? ownedPersons)
    {
        var csv = OmopCsvFolder.Open(folder);
        return new DatasetLoadRequest(dataset, csv.ComputeContentSha256(), ownedPersons, _ => Task.FromResult(csv));
    }

    private DatasetLoadRequest SyntheticRequest(SyntheticHospital hospital) =>
        new(SyntheticDataset, hospital.Fingerprint, SyntheticHospital.PersonIds, cancellationToken =>
        {
            var folder = Path.Combine(Path.GetTempPath(), $"eds-synthetic-{hospital.Seed}-{hospital.PatientCount}-{Environment.ProcessId}");
            logger.LogInformation("Generating {Patients} synthetic patients (seed {Seed}) into {Folder}", hospital.PatientCount, hospital.Seed, folder);
            var rows = hospital.WriteCsv(folder, cancellationToken);
            logger.LogInformation("Generated {Rows} rows", rows);
            return Task.FromResult(OmopCsvFolder.OpenTemporary(folder));
        });
}
