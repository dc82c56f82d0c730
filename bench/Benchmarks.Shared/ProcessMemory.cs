using System.Globalization;

namespace EdsPlatform.Benchmarks;

/// <summary>Resident memory of the platform's service processes, found in /proc by their assembly name.</summary>
public static class ProcessMemory
{
    public static readonly string[] Services = ["Gateway", "Catalog", "Cohort", "Governance", "Interactions", "Identity", "Web"];

    /// <summary>RSS in MiB of each service, in <see cref="Services"/>' order (null when not found).</summary>
    public static IReadOnlyList<double?> Sample()
    {
        var processes = Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Select(d => (Directory: d, CommandLine: Read(d, "cmdline"))).ToList();
        return [.. Services.Select(service => processes
            .Where(p => p.CommandLine.Contains($"EdsPlatform.{service}", StringComparison.Ordinal) || p.CommandLine.Contains($"/{service}/bin/", StringComparison.OrdinalIgnoreCase))
            .Select(p => ResidentMiB(p.Directory)).FirstOrDefault(rss => rss is not null))];
    }

    private static double? ResidentMiB(string directory) => Read(directory, "status").Split('\n')
        .FirstOrDefault(line => line.StartsWith("VmRSS:", StringComparison.Ordinal)) is { } line
        ? double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024
        : null;

    private static string Read(string directory, string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, file)).Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
