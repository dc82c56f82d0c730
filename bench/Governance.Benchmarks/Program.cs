using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using EdsPlatform;
using EdsPlatform.Benchmarks;
using EdsPlatform.DataAccess;
using EdsPlatform.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

// Grant enforcement costs: (1) a door's grant check from each cache tier, and with its audit record
// committed; (2) gateway requests/s on a data route with enforcement on, against the same route with the
// gateway's enforcement off. The catalog checks again in both (defence in depth), so the ratio isolates
// the gateway's check. Usage: [seconds per phase] [concurrent connections] [iterations per tier]
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
var iterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
const string Dataset = "condition_occurrence";

await using var app = await BenchmarkPlatform.StartAsync(
[
    "Warehouse:SyntheticPatients=1000",
    // The same data route without the gateway's grant check, for the ratio.
    "ReverseProxy:Routes:unenforced:ClusterId=catalog",
    "ReverseProxy:Routes:unenforced:AuthorizationPolicy=signed-in",
    "ReverseProxy:Routes:unenforced:Match:Path=/unenforced/api/catalog/projects/{projectId}/tables/{dataset}/{**rest}",
    "ReverseProxy:Routes:unenforced:Transforms:0:PathRemovePrefix=/unenforced",
], ResourceNames.Gateway, ResourceNames.Catalog, ResourceNames.Governance, ResourceNames.Web);
var identityUrl = app.GetEndpoint(ResourceNames.Identity, "http");
var gatewayUrl = app.GetEndpoint(ResourceNames.Gateway, "http");

// An approved project: the researcher asks, two committee members approve.
using var researcher = await BenchmarkSessions.SignInAsync(app, BenchmarkSessions.Researcher, connections);
var projectId = await BenchmarkSessions.ApprovedProjectAsync(app, researcher, [Dataset]);

// (1) A door's grant check, through the governance client library the gateway and the services use.
var door = Host.CreateApplicationBuilder();
door.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:redis"] = await app.GetConnectionStringAsync(ResourceNames.Redis),
    ["DataAccess:BaseAddress"] = app.GetEndpoint(ResourceNames.Governance, "http").ToString(),
    ["DataAccess:IdentityUrl"] = identityUrl.ToString(),
    ["DataAccess:ClientSecret"] = await app.SecretAsync("platform-services-secret"),
});
door.AddAccessControl(source: "benchmark");
using var doorHost = door.Build();
await doorHost.StartAsync();
var grants = doorHost.Services.GetRequiredService<GrantCache>();
var guard = doorHost.Services.GetRequiredService<DataAccessGuard>();
var redis = doorHost.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("email", "claire.martin@chu-demo.fr")], "benchmark"));

async Task CheckAsync()
{
    if (!(await grants.GetAsync(projectId, default)).Decide("claire.martin@chu-demo.fr", Dataset, DateTimeOffset.UtcNow).Allowed)
    {
        throw new InvalidOperationException("The grant check refused the benchmark's own grant.");
    }
}
await LoadRun.SequentialAsync(200, async () => { grants.Evict(projectId); await CheckAsync(); }); // warm-up: JIT, connections, token
var memory = await LoadRun.SequentialAsync(iterations * 10, CheckAsync);
var shared = await LoadRun.SequentialAsync(iterations, async () => { grants.Evict(projectId); await CheckAsync(); });
var uncached = await LoadRun.SequentialAsync(iterations, async () =>
{
    grants.Evict(projectId);
    await redis.KeyDeleteAsync(GovernanceChannels.SnapshotKey(projectId));
    await CheckAsync();
});
var audited = await LoadRun.SequentialAsync(iterations, async () =>
{
    if (!(await guard.AuthorizeAsync(user, projectId, Dataset, "benchmark", null, default)).Allowed)
    {
        throw new InvalidOperationException("The guard refused the benchmark's own grant.");
    }
});
await doorHost.StopAsync();

// (2) The gateway on a data route, enforcement on and off.
var rows = $"/api/catalog/projects/{projectId}/tables/{Dataset}/rows?limit=10";
var enforcedUrl = new Uri(gatewayUrl, rows);
var unenforcedUrl = new Uri(gatewayUrl, "/unenforced" + rows);
var (off, on) = await LoadRun.CompareAsync(researcher, unenforcedUrl, enforcedUrl, TimeSpan.FromSeconds(seconds), connections);

Console.WriteLine($"Grant check by a door, {iterations} sequential checks per tier (x10 for memory):");
Console.WriteLine($"  memory (cached):                 {memory}");
Console.WriteLine($"  Redis snapshot:                  {shared}");
Console.WriteLine($"  governance HTTP (uncached):      {uncached}");
Console.WriteLine($"  check + audit record committed:  {audited}");
Console.WriteLine($"GET {rows} (10 pseudonymised rows), {connections} connections, 3 alternating rounds of {seconds} s per phase (means):");
Console.WriteLine($"  gateway enforcement off: {off}");
Console.WriteLine($"  gateway enforcement on:  {on}");
Console.WriteLine($"  ratio on/off requests/s: {on.RequestsPerSecond / off.RequestsPerSecond:F2}; added latency p50 {on.P50 - off.P50:F2} ms, p99 {on.P99 - off.P99:F2} ms");
return 0;
