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
//   load <server connection string> <patients>  our loader against psql \copy, same CSV, same server
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

        // Ours: the warehouse's import, one transaction, binary COPY, then ANALYZE.
        await using var ours = await CreateMigratedDatabaseAsync(serverConnectionString, "bench_ours");
        var loader = new DatasetLoader(ours, NullLogger<DatasetLoader>.Instance);
        var stopwatch = Stopwatch.StartNew();
        var result = await loader.LoadAsync(WarehouseJob.FolderRequest("bench", folder, null), CancellationToken.None);
        stopwatch.Stop();
        var oursElapsed = stopwatch.Elapsed;
        Report($"warehouse import, {patients:N0} patients", result.Rows, oursElapsed, "binary COPY + ANALYZE, one transaction");

        // Reference: psql \copy of the same files into an identical database, in one transaction too.
        await using var reference = await CreateMigratedDatabaseAsync(serverConnectionString, "bench_psql");
        var script = Path.Combine(folder, "copy.sql");
        await File.WriteAllLinesAsync(script, csv.Files
            .Select(f => $"\\copy cdm.{f.Table} ({Header(f.Path)}) FROM '{f.Path}' WITH (FORMAT csv, HEADER true)")
            .Prepend("BEGIN;").Append("COMMIT;"));
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "bench_psql" };
        stopwatch.Restart();
        await RunPsqlAsync(builder, script);
        stopwatch.Stop();
        Report($"psql \\copy (CSV), {patients:N0} patients", result.Rows, stopwatch.Elapsed, "text COPY parsed by the server, one transaction");
        Console.WriteLine($"ratio: warehouse import rows/s / psql \\copy rows/s = {stopwatch.Elapsed / oursElapsed:F2}");
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
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

static async Task RunPsqlAsync(NpgsqlConnectionStringBuilder connection, string script)
{
    var start = new ProcessStartInfo("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", connection.Host!, "-p", connection.Port.ToString(CultureInfo.InvariantCulture), "-U", connection.Username!, "-d", connection.Database!, "-f", script])
    {
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    start.Environment["PGPASSWORD"] = connection.Password;
    using var psql = Process.Start(start)!;
    var errors = await psql.StandardError.ReadToEndAsync();
    await psql.WaitForExitAsync();
    if (psql.ExitCode != 0)
    {
        throw new InvalidOperationException($"psql failed: {errors}");
    }
}

static void Report(string what, long rows, TimeSpan elapsed, string note) =>
    Console.WriteLine($"{what}: {rows:N0} rows in {elapsed.TotalSeconds:F2} s = {rows / elapsed.TotalSeconds:N0} rows/s ({note})");
