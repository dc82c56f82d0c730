using System.Diagnostics;
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
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync();
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

    private Process StartImport(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(WarehouseJob).Assembly.Location, "import", _folder, "--name", "crash-test", "--connection", connectionString })
        {
            start.ArgumentList.Add(argument);
        }
        // Console output is not needed here, but unread pipes would block the process.
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private async Task<int> RunImportAsync(string connectionString)
    {
        using var process = StartImport(connectionString);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return process.ExitCode;
    }

    /// <summary>Waits until the importer is streaming rows (a COPY runs on the server).</summary>
    private static async Task WaitForCopyAsync(NpgsqlDataSource scratch, Process importer)
    {
        var database = new NpgsqlConnectionStringBuilder(scratch.ConnectionString).Database;
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(importer.HasExited, "the import ended before it could be interrupted");
            var copying = await Sql.CountAsync(scratch,
                $"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}' AND query LIKE 'COPY cdm.measurement%'");
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
