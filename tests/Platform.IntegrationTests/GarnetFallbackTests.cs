using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace EdsPlatform.IntegrationTests;

/// <summary>The Redis fallback the AppHost runs where redis-server is not installed (Infra:Redis=garnet forces it).</summary>
public sealed class GarnetFallbackTests : IAsyncLifetime
{
    private const string Password = "garnet-test-password";
    private readonly int _port = FreePort();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private Process _garnet = null!;

    public async Task InitializeAsync()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var assembly = Path.GetFullPath(Path.Combine(Projects.AppHost.ProjectPath, "..", "services", "GarnetHost", "bin", configuration, "net10.0", "EdsPlatform.GarnetHost.dll"));
        var start = new ProcessStartInfo("dotnet", [assembly]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["REDIS_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["EDS_REDIS_PASSWORD"] = Password;
        _garnet = Process.Start(start)!;
        _garnet.OutputDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        _garnet.ErrorDataReceived += (_, e) => _output.Enqueue(e.Data ?? "");
        _garnet.BeginOutputReadLine();
        _garnet.BeginErrorReadLine();
        for (var attempt = 0; attempt < 300 && !_garnet.HasExited; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, _port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        Assert.Fail($"Garnet did not start listening ({assembly}): {string.Join('\n', _output)}");
    }

    [Fact]
    public async Task It_serves_the_platform_with_its_password_and_refuses_others()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},password={Password}");
        var db = redis.GetDatabase();
        await db.StringSetAsync("grant:decision", "allowed");
        Assert.Equal("allowed", (string?)await db.StringGetAsync("grant:decision"));

        var received = new TaskCompletionSource<string>();
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal("grant-revoked"), (_, message) => received.TrySetResult(message!));
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal("grant-revoked"), "project-42");
        Assert.Equal("project-42", await received.Task.WaitAsync(TimeSpan.FromSeconds(5)));

        await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},password=wrong,connectTimeout=2000"));
    }

    public async Task DisposeAsync()
    {
        _garnet.Kill(entireProcessTree: true);
        await _garnet.WaitForExitAsync();
        _garnet.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
