using Microsoft.Extensions.Configuration;

namespace EdsPlatform.AppHost.Infrastructure;

/// <summary>Finds the PostgreSQL and Redis programs installed on the machine, or says what to install.</summary>
public sealed record LocalBinaries(string PostgresBin, string PostgresMajorVersion, string RedisServer)
{
    /// <summary>Prefix of the throw-away data folders of test runs (CI removes stale ones).</summary>
    public const string EphemeralFolderPrefix = "eds-platform-test-";

    public static LocalBinaries Find(IConfiguration infra)
    {
        var postgresBin = infra["PostgresBin"] is { Length: > 0 } configuredBin ? configuredBin : FindPostgresBin();
        var redisServer = infra["RedisServer"] is { Length: > 0 } configuredRedis ? configuredRedis : FindOnPath("redis-server");
        if (postgresBin is null || !File.Exists(Path.Combine(postgresBin, "postgres")) || redisServer is null)
        {
            var missing = string.Join(" and ", new[] { postgresBin is null ? "PostgreSQL" : null, redisServer is null ? "Redis" : null }.OfType<string>());
            throw new InvalidOperationException(
                $"""
                No container runtime answers and {missing} is not installed, so the platform has no database to run on.
                Either start Docker or Podman (or set ASPIRE_CONTAINER_RUNTIME), or install the servers:
                  Debian/Ubuntu:  sudo apt-get install postgresql redis-server
                  Fedora:         sudo dnf install postgresql-server redis
                  macOS:          brew install postgresql@16 redis
                Installed elsewhere? Set Infra:PostgresBin (the folder holding 'postgres') and Infra:RedisServer.
                """);
        }
        return new LocalBinaries(postgresBin, PostgresMajorVersionOf(postgresBin), redisServer);
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
