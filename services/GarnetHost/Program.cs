using System.Net;
using System.Runtime.InteropServices;
using Garnet;
using Garnet.server;
using Garnet.server.Auth.Settings;

// Garnet (Microsoft's Redis-protocol server) as the platform's Redis where redis-server is not
// installed. Like local-redis.sh: loopback only, password required, no persistence (caches and
// pub/sub only). Port and password come from the environment so that neither shows in `ps`.
if (!int.TryParse(Environment.GetEnvironmentVariable("REDIS_PORT"), out var port) || port is < 1 or > 65535)
{
    Console.Error.WriteLine("REDIS_PORT must be a TCP port (1-65535).");
    return 2;
}
var password = Environment.GetEnvironmentVariable("EDS_REDIS_PASSWORD");
if (string.IsNullOrEmpty(password))
{
    Console.Error.WriteLine("EDS_REDIS_PASSWORD must be set.");
    return 2;
}

var options = new GarnetServerOptions
{
    EndPoints = [new IPEndPoint(IPAddress.Loopback, port)],
    AuthSettings = new PasswordAuthenticationSettings(password),
    EnableAOF = false,
    CheckpointFrequencySecs = 0,
    EnableStorageTier = false,
    Recover = false,
    LogMemorySize = "256m",
    PageSize = "4m",
    IndexMemorySize = "16m",
    QuietMode = true,
};

using var stop = new ManualResetEventSlim();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Set();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Set();
});

using var server = new GarnetServer(options);
server.Start();
Console.WriteLine($"Garnet listening on 127.0.0.1:{port}, password required");
stop.Wait();
return 0;
