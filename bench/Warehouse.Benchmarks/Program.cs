using System.Diagnostics;
using System.Globalization;
using EdsPlatform.Postgres;
using EdsPlatform.Warehouse;
using EdsPlatform.Warehouse.Loading;
using EdsPlatform.Warehouse.Schema;
using EdsPlatform.Warehouse.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;
using nietras.SeparatedValues;
using Npgsql;

// Warehouse benchmarks (see bench/README.md):
//   generator <patients>                        synthetic rows/s, no database
//   load <server connection string> <patients>  our loader against psql \copy into index-free tables + the same index build, same CSV, same server
var mode = args.ElementAtOrDefault(0);
switch (mode)
{
    case "generator":
        BenchmarkGenerator(int.Parse(args[1], CultureInfo.InvariantCulture));
        return 0;
    case "load":
        await BenchmarkLoadAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        return 0;
    default:
        Console.Error.WriteLine("usage: generator <patients> | load <server-connection-string> <patients>");
        return 2;
}

static void BenchmarkGenerator(int patients)
{
    var folder = Directory.CreateTempSubdirectory("eds-bench-gen-").FullName;
    try
    {
        var stopwatch = Stopwatch.StartNew();
        var rows = new SyntheticHospital(42, patients).WriteCsv(folder);
        stopwatch.Stop();
        var bytes = Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length);
        Report($"generator, {patients:N0} patients", rows, stopwatch.Elapsed, $"{bytes / 1_048_576.0:F0} MiB of CSV");
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

static async Task BenchmarkLoadAsync(string serverConnectionString, int patients)
{
    var folder = Directory.CreateTempSubdirectory("eds-bench-load-").FullName;
    try
    {
        new SyntheticHospital(42, patients).WriteCsv(folder);
        var csv = OmopCsvFolder.Open(folder);

        // Both databases first, then a checkpoint before each load, so that neither pays for the other's WAL.
        await using var ours = await CreateMigratedDatabaseAsync(serverConnectionString, "bench_ours");
        await using var reference = await CreateMigratedDatabaseAsync(serverConnectionString, "bench_psql");

        // Ours: the warehouse's import, one transaction (CSV COPY by the server, or binary COPY of what only the loader reads), then ANALYZE.
        await CheckpointAsync(serverConnectionString);
        var loader = new DatasetLoader(ours, NullLogger<DatasetLoader>.Instance);
        var stopwatch = Stopwatch.StartNew();
        var result = await loader.LoadAsync(WarehouseJob.FolderRequest("bench", folder, null), CancellationToken.None);
        stopwatch.Stop();
        var oursElapsed = stopwatch.Elapsed;
        Report($"warehouse import, {patients:N0} patients", result.Rows, oursElapsed, "COPY + ANALYZE, one transaction");

        // Reference, as a DBA would load: psql \copy of the same files into an identical database whose secondary
        // indexes are dropped first, then the same indexes built and ANALYZE, all in one transaction; each phase timed.
        var indexes = await SecondaryIndexesAsync(reference, csv.Files.Select(f => f.Table).ToHashSet());
        var copies = csv.Files.Select(f => $"\\copy cdm.{f.Table} ({Header(f.Path)}) FROM '{f.Path}' WITH (FORMAT csv, HEADER true)").ToList();
        var phases = new (string Name, List<string> Commands)[]
        {
            ("drop indexes", [.. indexes.Select(i => $"DROP INDEX {i.Name};")]),
            ("copy", copies),
            ("index build", [.. indexes.Select(i => i.Definition + ";")]),
            ("analyze", [.. csv.Files.Select(f => $"ANALYZE cdm.{f.Table};")]),
        };
        var script = Path.Combine(folder, "copy.sql");
        await File.WriteAllLinesAsync(script, phases.SelectMany(p => p.Commands).Prepend("\\timing on").Prepend("BEGIN;").Append("COMMIT;"));
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "bench_psql" };
        await CheckpointAsync(serverConnectionString);
        stopwatch.Restart();
        var timings = await RunPsqlAsync(builder, script);
        stopwatch.Stop();
        Report($"psql \\copy (CSV) into tables without indexes, then the same index build and ANALYZE, {patients:N0} patients", result.Rows, stopwatch.Elapsed,
            "one transaction");
        // psql prints one "Time:" per command once timing is on: the phases' commands in order, then COMMIT.
        var at = 0;
        foreach (var (name, commands) in phases)
        {
            Console.WriteLine($"  {name}: {timings.Skip(at).Take(commands.Count).Sum() / 1000:F2} s");
            at += commands.Count;
        }
        Console.WriteLine($"ratio: warehouse import rows/s / reference rows/s = {stopwatch.Elapsed / oursElapsed:F2} (goal ≥ 0.9)");
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

static async Task CheckpointAsync(string serverConnectionString)
{
    await using var server = NpgsqlDataSource.Create(serverConnectionString);
    await using var checkpoint = server.CreateCommand("CHECKPOINT");
    await checkpoint.ExecuteNonQueryAsync();
}

static async Task<NpgsqlDataSource> CreateMigratedDatabaseAsync(string serverConnectionString, string name)
{
    await using (var server = NpgsqlDataSource.Create(serverConnectionString))
    {
        await using var drop = server.CreateCommand($"DROP DATABASE IF EXISTS {name}");
        await drop.ExecuteNonQueryAsync();
        await using var create = server.CreateCommand($"CREATE DATABASE {name}");
        await create.ExecuteNonQueryAsync();
    }
    var database = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, CommandTimeout = 0 }.ConnectionString).Build();
    await new SchemaMigrator(database, [WarehouseMigrations.Set], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
    return database;
}

static string Header(string csvPath)
{
    using var reader = Sep.Reader().FromFile(csvPath);
    return string.Join(", ", reader.Header.ColNames);
}

/// <summary>The tables' indexes that no constraint needs (what a bulk load drops and builds again), with their definitions.</summary>
static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(NpgsqlDataSource database, IReadOnlySet<string> tables)
{
    await using var query = database.CreateCommand("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), i.indrelid::regclass::text
        FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'cdm'
        WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """);
    var indexes = new List<(string, string)>();
    await using var reader = await query.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
        if (tables.Contains(reader.GetString(2).Split('.')[^1]))
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
    }
    return indexes;
}

/// <summary>Runs the script; the milliseconds of each command, as "\timing on" prints them.</summary>
static async Task<List<double>> RunPsqlAsync(NpgsqlConnectionStringBuilder connection, string script)
{
    var start = new ProcessStartInfo("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", connection.Host!, "-p", connection.Port.ToString(CultureInfo.InvariantCulture), "-U", connection.Username!, "-d", connection.Database!, "-f", script])
    {
        RedirectStandardError = true,
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    start.Environment["PGPASSWORD"] = connection.Password;
    using var psql = Process.Start(start)!;
    var output = psql.StandardOutput.ReadToEndAsync();
    var errors = await psql.StandardError.ReadToEndAsync();
    await psql.WaitForExitAsync();
    if (psql.ExitCode != 0)
    {
        throw new InvalidOperationException($"psql failed: {errors}");
    }
    return [.. (await output).Split('\n').Where(line => line.StartsWith("Time: ", StringComparison.Ordinal))
        .Select(line => double.Parse(line[6..].Split(' ')[0], CultureInfo.InvariantCulture))];
}

static void Report(string what, long rows, TimeSpan elapsed, string note) =>
    Console.WriteLine($"{what}: {rows:N0} rows in {elapsed.TotalSeconds:F2} s = {rows / elapsed.TotalSeconds:N0} rows/s ({note})");
