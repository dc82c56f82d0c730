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
    private static readonly System.Collections.Concurrent.ConcurrentQueue<string> Output = new();
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

    /// <summary>
    /// The warehouse as its own build left it (its own dependency set), not the copy in this test's
    /// folder, whose dependencies are the test's.
    /// </summary>
    private static string WarehouseAssembly
    {
        get
        {
            // .../bin/<configuration>/net10.0/
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var projectDirectory = Path.GetDirectoryName(new Projects.Warehouse().ProjectPath)!;
            var assembly = Path.Combine(projectDirectory, "bin", configuration, "net10.0", Path.GetFileName(typeof(WarehouseJob).Assembly.Location));
            Assert.True(File.Exists(assembly), $"{assembly} is not built");
            return assembly;
        }
    }

    private Process StartImport(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { WarehouseAssembly, "import", _folder, "--name", "crash-test", "--connection", connectionString })
        {
            start.ArgumentList.Add(argument);
        }
        // Unread pipes would block the process; the output explains a failure.
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => Output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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
            if (importer.HasExited)
            {
                Assert.Fail($"the import ended (exit code {importer.ExitCode}) before it could be interrupted:\n{string.Join('\n', Output.TakeLast(40))}");
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
