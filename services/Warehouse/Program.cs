using System.CommandLine;
using EdsPlatform;
using EdsPlatform.Postgres;
using EdsPlatform.Warehouse;
using EdsPlatform.Warehouse.Loading;
using EdsPlatform.Warehouse.Schema;
using EdsPlatform.Warehouse.Synthetic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Under the AppHost the warehouse runs with no arguments: migrate, load what "Warehouse" configures, exit.
// Outside it, the same work is a command line (see --help).
var connectionOption = new Option<string?>("--connection")
{
    Description = "Npgsql connection string of the OMOP database (default: ConnectionStrings:omopdb).",
    Recursive = true,
};
var patientsOption = new Option<int?>("--patients") { Description = "Synthetic patients to generate." };
var seedOption = new Option<int?>("--seed") { Description = "Seed of the synthetic generator." };
var noEunomiaOption = new Option<bool>("--no-eunomia") { Description = "Do not load the Eunomia GiBleed dataset." };

var root = new RootCommand("EDS Platform warehouse: OMOP CDM v5.4 schema and loaders.") { connectionOption, patientsOption, seedOption, noEunomiaOption };
root.SetAction((parse, cancellationToken) => RunAsync(parse, async (services, options) =>
{
    options.SyntheticPatients = parse.GetValue(patientsOption) ?? options.SyntheticPatients;
    options.SyntheticSeed = parse.GetValue(seedOption) ?? options.SyntheticSeed;
    options.LoadEunomia &= !parse.GetValue(noEunomiaOption);
    await services.GetRequiredService<WarehouseJob>().RunAsync(options, cancellationToken);
}));

var migrate = new Command("migrate", "Create or upgrade the OMOP CDM schema.");
migrate.SetAction((parse, cancellationToken) => RunAsync(parse, (services, _) =>
    services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken)));
root.Subcommands.Add(migrate);

var folderArgument = new Argument<DirectoryInfo>("folder") { Description = "Folder of OMOP CSV files (TABLE.csv or TABLE.csv.gz)." };
var nameOption = new Option<string>("--name") { Description = "Dataset name in the load history.", Required = true };
var firstPersonOption = new Option<long?>("--first-person-id") { Description = "First person id the dataset owns (lets a changed dataset replace its previous load)." };
var lastPersonOption = new Option<long?>("--last-person-id") { Description = "Last person id the dataset owns." };
var import = new Command("import", "Load a folder of OMOP CDM CSV files, once.") { folderArgument, nameOption, firstPersonOption, lastPersonOption };
import.SetAction((parse, cancellationToken) => RunAsync(parse, async (services, _) =>
{
    var first = parse.GetValue(firstPersonOption);
    var last = parse.GetValue(lastPersonOption);
    PersonIdRange? owned = first is long f && last is long l ? new PersonIdRange(f, l) : null;
    await services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
    await services.GetRequiredService<WarehouseJob>().ImportAsync(parse.GetValue(nameOption)!, parse.GetValue(folderArgument)!.FullName, owned, cancellationToken);
}));
root.Subcommands.Add(import);

var outOption = new Option<DirectoryInfo>("--out") { Description = "Folder to write the OMOP CSV files to.", Required = true };
var generate = new Command("generate", "Write a synthetic French hospital as OMOP CSV files (no database needed).") { outOption, patientsOption, seedOption };
generate.SetAction(parse =>
{
    var defaults = new WarehouseOptions();
    var hospital = new SyntheticHospital(parse.GetValue(seedOption) ?? defaults.SyntheticSeed, parse.GetValue(patientsOption) ?? defaults.SyntheticPatients);
    var rows = hospital.WriteCsv(parse.GetValue(outOption)!.FullName);
    Console.WriteLine($"{rows} rows written to {parse.GetValue(outOption)!.FullName}");
});
root.Subcommands.Add(generate);

return await root.Parse(args).InvokeAsync();

static async Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, WarehouseOptions, Task> work)
{
    // appsettings.json sits beside the program, wherever it is started from.
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
    if (parse.GetValue<string?>("--connection") is { } connection)
    {
        builder.Configuration[$"ConnectionStrings:{ResourceNames.OmopDatabase}"] = connection;
    }
    builder.AddServiceDefaults();
    builder.AddWarehouseServices();
    using var host = builder.Build();
    await host.StartAsync();
    var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Warehouse");
    try
    {
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WarehouseOptions>>().Value;
        await work(host.Services, options);
        return 0;
    }
    catch (Exception ex) when (ex is not OperationCanceledException)
    {
        logger.LogError(ex, "Warehouse failed: {Message}", ex.Message);
        return 1;
    }
    finally
    {
        // Flushes telemetry to the dashboard before the process ends.
        await host.StopAsync();
    }
}
