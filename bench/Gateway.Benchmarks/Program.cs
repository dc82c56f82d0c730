using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using EdsPlatform;
using EdsPlatform.Benchmarks;

// Gateway overhead: the same catalog request with the same token, straight to the service and through
// the gateway (JWT validation, authorisation, rate limiting, proxying), with a closed-loop .NET load
// client on loopback. Usage: [seconds per phase] [concurrent connections]
var seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
var connections = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16;

var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
[
    "Infra:Mode=local",
    "Infra:Ephemeral=true",
    "Warehouse:SyntheticPatients=0",
    "Gateway:RequestsPerSecondPerUser=1000000",
]);
await using var app = await appHost.BuildAsync();
await app.StartAsync();
await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway);
await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Catalog);

var model = app.Services.GetService(typeof(DistributedApplicationModel)) as DistributedApplicationModel;
var secret = await model!.Resources.OfType<ParameterResource>().Single(p => p.Name == "platform-services-secret").GetValueAsync(default);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections });
using var tokenResponse = await http.PostAsync(new Uri(app.GetEndpoint(ResourceNames.Identity, "http"), "/connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
{
    ["grant_type"] = "client_credentials",
    ["client_id"] = "platform-services",
    ["client_secret"] = secret!,
    ["scope"] = "eds-api",
}));
var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

const string path = "/api/catalog/tables";
var direct = new Uri(app.GetEndpoint(ResourceNames.Catalog, "http"), path);
var throughGateway = new Uri(app.GetEndpoint(ResourceNames.Gateway, "http"), path);
await LoadRun.HttpGetAsync(http, direct, TimeSpan.FromSeconds(3), connections); // warm-up: JIT, pools, JWKS
await LoadRun.HttpGetAsync(http, throughGateway, TimeSpan.FromSeconds(3), connections);

var directResult = await LoadRun.HttpGetAsync(http, direct, TimeSpan.FromSeconds(seconds), connections);
var gatewayResult = await LoadRun.HttpGetAsync(http, throughGateway, TimeSpan.FromSeconds(seconds), connections);
Console.WriteLine($"GET {path}, {connections} connections, {seconds} s per phase, loopback");
Console.WriteLine($"  direct to catalog: {directResult}");
Console.WriteLine($"  through gateway:   {gatewayResult}");
Console.WriteLine($"  ratio gateway/direct requests/s: {gatewayResult.RequestsPerSecond / directResult.RequestsPerSecond:F2}; " +
    $"added latency p50 {gatewayResult.P50 - directResult.P50:F2} ms, p99 {gatewayResult.P99 - directResult.P99:F2} ms");
return 0;
