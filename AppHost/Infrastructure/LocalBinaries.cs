using Microsoft.Extensions.Configuration;

namespace EdsPlatform.AppHost.Infrastructure;

/// <summary>Finds the PostgreSQL and Redis programs installed on the machine, or says what to install.</summary>
public sealed record LocalBinaries(string PostgresBin, string PostgresMajorVersion, LocalRedisProgram Redis)
{
    /// <summary>Prefix of the throw-away data folders of test runs (CI removes stale ones).</summary>
    public const string EphemeralFolderPrefix = "eds-platform-test-";

    public static LocalBinaries Find(IConfiguration infra, string appHostDirectory)
    {
        var postgresBin = infra["PostgresBin"] is { Length: > 0 } configuredBin ? configuredBin : FindPostgresBin();
        if (postgresBin is null || !File.Exists(Path.Combine(postgresBin, "postgres")))
        {
            throw new InvalidOperationException(
                """
                No container runtime answers and PostgreSQL is not installed, so the platform has no database to run on.
                Either start Docker or Podman (or set ASPIRE_CONTAINER_RUNTIME), or install the servers:
                  Debian/Ubuntu:  sudo apt-get install postgresql redis-server
                  Fedora:         sudo dnf install postgresql-server redis
                  macOS:          brew install postgresql@16 redis
                Installed elsewhere? Set Infra:PostgresBin (the folder holding 'postgres') and Infra:RedisServer.
                """);
        }
        return new LocalBinaries(postgresBin, PostgresMajorVersionOf(postgresBin), FindRedis(infra, appHostDirectory));
    }

    /// <summary>
    /// redis-server when installed (Infra:Redis = auto or redis-server), otherwise Garnet, Microsoft's
    /// Redis-protocol server, hosted by services/GarnetHost (Infra:Redis = garnet forces it).
    /// </summary>
    private static LocalRedisProgram FindRedis(IConfiguration infra, string appHostDirectory)
    {
        var choice = infra["Redis"] ?? "auto";
        var redisServer = infra["RedisServer"] is { Length: > 0 } configured ? configured : FindOnPath("redis-server");
        if (choice != "garnet" && redisServer is not null)
        {
            return LocalRedisProgram.RedisServer(redisServer);
        }
        if (choice == "redis-server")
        {
            throw new InvalidOperationException("Infra:Redis is redis-server, but redis-server is not installed (sudo apt-get install redis-server).");
        }
        // Built with the AppHost (project reference); same configuration folder as the AppHost's own.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var garnet = Path.GetFullPath(Path.Combine(appHostDirectory, "..", "services", "GarnetHost", "bin", configuration, "net10.0", "EdsPlatform.GarnetHost.dll"));
        return File.Exists(garnet)
            ? LocalRedisProgram.Garnet(garnet)
            : throw new InvalidOperationException($"redis-server is not installed and the Garnet fallback is not built ({garnet}). Install redis-server or build the solution.");
    }

    /// <summary>
    /// A persistent folder per developer for `dotnet run`, or a fresh one per test run. postgres runs as
    /// the 'postgres' user when the AppHost runs as root, so the folder must not sit under /root.
    /// </summary>
    public static string DefaultDataDirectory(string postgresMajorVersion, bool ephemeral)
    {
        if (ephemeral)
        {
            return Path.Combine(Path.GetTempPath(), EphemeralFolderPrefix + Guid.NewGuid().ToString("N")[..12], "postgres");
        }
        if (Environment.UserName == "root")
        {
            var owner = Environment.GetEnvironmentVariable("SUDO_USER") is { Length: > 0 } sudoUser ? sudoUser : "root";
            return Path.Combine("/var/lib/eds-platform", owner, $"postgres-{postgresMajorVersion}");
        }
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "eds-platform", $"postgres-{postgresMajorVersion}");
    }

    /// <summary>"15" from "postgres (PostgreSQL) 15.18": a data folder only opens with its major version.</summary>
    private static string PostgresMajorVersionOf(string postgresBin)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Path.Combine(postgresBin, "postgres"), "--version")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var version = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        return version.Split('.')[0].Trim() is { Length: > 0 } major ? major : "unknown";
    }

    private static string? FindPostgresBin()
    {
        // Debian/Ubuntu keep each major version apart; take the newest.
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(x => x.version > 0 && File.Exists(Path.Combine(x.dir, "bin", "postgres")))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }
        return FindOnPath("postgres") is { } postgres ? Path.GetDirectoryName(new FileInfo(postgres).ResolveLinkTarget(true)?.FullName ?? postgres) : null;
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
