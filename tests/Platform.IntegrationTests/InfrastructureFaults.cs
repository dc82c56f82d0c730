using System.Diagnostics;

namespace EdsPlatform.IntegrationTests;

/// <summary>
/// Faults injected into the platform's Redis or PostgreSQL server as an operator would meet them: frozen (SIGSTOP:
/// connections stay open, nothing answers) or killed (SIGKILL). Local processes are signalled directly; containers
/// through the container runtime's CLI.
/// </summary>
/// <param name="title">What the server's process title contains ("redis-server 127.0.0.1:", "postgres -D ").</param>
/// <param name="secretVariable">The environment variable in which its supervising script (its parent) holds the server's password.</param>
public sealed class InfrastructureFaults(int port, string title, string secretVariable, string password)
{
    public static async Task<InfrastructureFaults> ForRedisAsync(PlatformFixture platform)
    {
        var connection = await platform.ConnectionStringAsync(ResourceNames.Redis);
        var endpoint = connection.Split(',')[0];
        var password = connection.Split(',').Single(part => part.StartsWith("password=", StringComparison.Ordinal))["password=".Length..];
        return new InfrastructureFaults(int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture),
            "redis-server 127.0.0.1:", "EDS_REDIS_PASSWORD", password);
    }

    public static async Task<InfrastructureFaults> ForPostgresAsync(PlatformFixture platform)
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(await platform.ConnectionStringAsync(ResourceNames.Postgres));
        return new InfrastructureFaults(connection.Port, "postgres -D ", "EDS_PG_PASSWORD", connection.Password!);
    }

    public Task FreezeAsync() => SignalAsync("STOP", "pause");

    public Task ResumeAsync() => SignalAsync("CONT", "unpause");

    public Task KillAsync() => SignalAsync("KILL", "kill");

    /// <summary>
    /// The process id of this platform's local server, or null: the one whose title says what it is and whose parent
    /// (local-redis.sh, local-postgres.sh) holds this platform's password in its environment. (The AppHost reaches the
    /// server through a proxy port, not its own, and redis-server writes its title over its own environment.)
    /// </summary>
    public int? LocalProcessId() => Directory.EnumerateDirectories("/proc")
        .Select(directory => (Id: int.TryParse(Path.GetFileName(directory), out var id) ? id : 0, Directory: directory))
        .Where(process => process.Id > 0 && Read(process.Directory, "cmdline").Contains(title, StringComparison.Ordinal))
        .Where(process => ParentOf(process.Directory) is { } parent
            && Read($"/proc/{parent}", "environ").Split(' ').Contains($"{secretVariable}={password}"))
        .Select(process => (int?)process.Id)
        .FirstOrDefault();

    /// <summary>The parent process id, from /proc/&lt;pid&gt;/stat ("pid (name) state ppid ...").</summary>
    private static int? ParentOf(string directory)
    {
        var stat = Read(directory, "stat");
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], out var parent) ? parent : null;
    }

    private async Task SignalAsync(string signal, string containerVerb)
    {
        if (LocalProcessId() is { } pid)
        {
            await RunAsync("kill", $"-{signal} {pid}");
            return;
        }
        var container = (await RunAsync("docker", $"ps -q --filter publish={port}")).Trim();
        Assert.False(string.IsNullOrEmpty(container), $"No local process ({title}) or container on port {port}.");
        await RunAsync("docker", $"{containerVerb} {container}");
    }

    private static string Read(string directory, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, file)).Replace('\0', ' ');
        }
        catch (IOException)
        {
            return ""; // the process ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {arguments}: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
