using EdsPlatform.Warehouse;
using EdsPlatform.Warehouse.Synthetic;
using Npgsql;

namespace EdsPlatform.IntegrationTests;

/// <summary>The warehouse command line, killed with SIGKILL in the middle of a load, then run again.</summary>
[Collection(PlatformCollection.Name)]
public sealed class WarehouseCrashTests(PlatformFixture platform) : IDisposable
{
    private const int Patients = 4000;
    private readonly string _folder = Directory.CreateTempSubdirectory("eds-crash-").FullName;

    [Fact]
    public async Task A_load_killed_half_way_shows_nothing_and_the_next_run_completes_it()
    {
        new SyntheticHospital(seed: 3, Patients).WriteCsv(_folder);
        var connectionString = await platform.CreateScratchDatabaseConnectionStringAsync("crash");
        await using var scratch = NpgsqlDataSource.Create(connectionString);

        using (var doomed = StartImport(connectionString))
        {
            await WaitForCopyAsync(scratch, doomed);
            await doomed.KillAsync();
        }

        // The server rolled the transaction back: no row, no history, as if the load had never begun.
        Assert.Equal(0, await Sql.CountAsync(scratch, "SELECT count(*) FROM warehouse.load_history"));
        Assert.Equal(0, await Sql.CountAsync(scratch, "SELECT count(*) FROM cdm.person"));
        Assert.Equal(0, await Sql.CountAsync(scratch, "SELECT count(*) FROM cdm.concept"));

        Assert.Equal(0, await RunImportAsync(connectionString));
        Assert.Equal(Patients, await Sql.CountAsync(scratch, "SELECT count(*) FROM cdm.person"));
        var measurements = await Sql.CountAsync(scratch, "SELECT count(*) FROM cdm.measurement");

        Assert.Equal(0, await RunImportAsync(connectionString));
        Assert.Equal(Patients, await Sql.CountAsync(scratch, "SELECT count(*) FROM cdm.person"));
        Assert.Equal(measurements, await Sql.CountAsync(scratch, "SELECT count(*) FROM cdm.measurement"));
    }

    private ChildProcess StartImport(string connectionString) =>
        ChildProcess.Start(new Projects.Warehouse(), Path.GetFileName(typeof(WarehouseJob).Assembly.Location),
            ["import", _folder, "--name", "crash-test", "--connection", connectionString]);

    private async Task<int> RunImportAsync(string connectionString)
    {
        using var import = StartImport(connectionString);
        await import.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return import.Process.ExitCode;
    }

    /// <summary>Waits until the importer is streaming rows (a COPY runs on the server).</summary>
    private static async Task WaitForCopyAsync(NpgsqlDataSource scratch, ChildProcess importer)
    {
        var database = new NpgsqlConnectionStringBuilder(scratch.ConnectionString).Database;
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (importer.Process.HasExited)
            {
                Assert.Fail($"the import ended (exit code {importer.Process.ExitCode}) before it could be interrupted:\n{importer.RecentOutput}");
            }
            var copying = await Sql.CountAsync(scratch,
                $"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}' AND query LIKE 'COPY cdm.%'");
            if (copying > 0)
            {
                return;
            }
            await Task.Delay(20);
        }
        Assert.Fail("the import never started copying");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
