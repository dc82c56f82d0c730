using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using EdsPlatform;

// Cold start of the whole AppHost to all-healthy, on a fresh PostgreSQL cluster (initdb included):
// infrastructure healthy, then the warehouse's first load of Eunomia + N synthetic patients.
var patients = args.Length > 0 ? args[0] : "10000";
var stopwatch = Stopwatch.StartNew();
var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
[
    "Infra:Mode=local",
    "Infra:Ephemeral=true",
    $"Warehouse:SyntheticPatients={patients}",
]);
await using var app = await appHost.BuildAsync();
var startTask = app.StartAsync();

string[] infrastructure = [ResourceNames.Postgres, ResourceNames.Redis, ResourceNames.OmopDatabase, ResourceNames.GovernanceDatabase, ResourceNames.IdentityDatabase];
await Task.WhenAll(infrastructure.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name)));
var infrastructureHealthy = stopwatch.Elapsed;

var warehouse = await app.ResourceNotifications.WaitForResourceAsync(
    ResourceNames.Warehouse, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text));
var warehouseDone = stopwatch.Elapsed;
await startTask;

Console.WriteLine($"AppHost cold start (Eunomia + {patients} synthetic patients, fresh cluster):");
Console.WriteLine($"  infrastructure healthy (postgres, redis, 3 databases): {infrastructureHealthy.TotalSeconds:F1} s");
Console.WriteLine($"  warehouse loaded and finished (exit code {warehouse.Snapshot.ExitCode}): {warehouseDone.TotalSeconds:F1} s");
return warehouse.Snapshot.ExitCode ?? 1;
