using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using EdsPlatform;
using EdsPlatform.Benchmarks;

// Gateway overhead: the same catalog request with the same token, straight to the service and through
// the gateway (JWT validation, authorisation, rate limiting, proxying), with a closed-loop .NET load
// client on loopback. Usage: [seconds per phase] [concurrent connections]
var seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
var connections = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16;

await using var app = await BenchmarkPlatform.StartAsync(["Warehouse:SyntheticPatients=0"], ResourceNames.Gateway, ResourceNames.Catalog);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections });
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.ServiceTokenAsync());

const string path = "/api/catalog/tables";
var direct = new Uri(app.GetEndpoint(ResourceNames.Catalog, "http"), path);
var throughGateway = new Uri(app.GetEndpoint(ResourceNames.Gateway, "http"), path);
var (directResult, gatewayResult) = await LoadRun.CompareAsync(http, direct, throughGateway, TimeSpan.FromSeconds(seconds), connections);
Console.WriteLine($"GET {path}, {connections} connections, 3 alternating rounds of {seconds} s per phase (means), loopback");
Console.WriteLine($"  direct to catalog: {directResult}");
Console.WriteLine($"  through gateway:   {gatewayResult}");
Console.WriteLine($"  ratio gateway/direct requests/s: {gatewayResult.RequestsPerSecond / directResult.RequestsPerSecond:F2}; " +
    $"added latency p50 {gatewayResult.P50 - directResult.P50:F2} ms, p99 {gatewayResult.P99 - directResult.P99:F2} ms");
return 0;
