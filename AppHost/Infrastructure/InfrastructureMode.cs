using System.Diagnostics;

namespace EdsPlatform.AppHost.Infrastructure;

/// <summary>How the AppHost provides PostgreSQL and Redis (setting Infra:Mode).</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, local processes otherwise.</summary>
    Auto,

    /// <summary>Aspire's PostgreSQL and Redis containers.</summary>
    Containers,

    /// <summary>PostgreSQL and Redis from the machine's binaries, as local processes.</summary>
    Local,

    /// <summary>
    /// Servers that already exist (a managed PostgreSQL, Citus or Azure Cosmos DB for PostgreSQL, a managed Redis), by
    /// connection strings: ConnectionStrings:omopdb, governancedb, identitydb and redis. In publish mode they become
    /// deployment parameters. The databases must exist; the services create their schemas.
    /// </summary>
    External,
}

public static class ContainerRuntimeProbe
{
    /// <summary>
    /// Whether the container runtime Aspire would use answers. Asked up front because a container
    /// resource without a working daemon makes the AppHost wait forever with a single warning.
    /// </summary>
    public static bool IsAvailable(out string runtime)
    {
        var configured = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME")
            ?? Environment.GetEnvironmentVariable("DOTNET_ASPIRE_CONTAINER_RUNTIME");
        string[] candidates = configured is { Length: > 0 } ? [configured] : ["docker", "podman"];
        foreach (var candidate in candidates)
        {
            if (Answers(candidate))
            {
                runtime = candidate;
                return true;
            }
        }
        runtime = candidates[0];
        return false;
    }

    private static bool Answers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }
            // Drain the pipes so that a chatty 'info' cannot block on a full buffer.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
