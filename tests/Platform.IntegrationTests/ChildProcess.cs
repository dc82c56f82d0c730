using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdsPlatform.IntegrationTests;

/// <summary>A platform program run by a test as its own process (to kill it for real), with its output kept for failure messages.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(Process process) => Process = process;

    public Process Process { get; }

    public string RecentOutput => string.Join('\n', _output.TakeLast(40));

    /// <summary>
    /// Runs a project's assembly as its own build left it (with its own dependency set), not the copy in this
    /// test's folder, whose dependencies are the test's.
    /// </summary>
    public static ChildProcess Start(IProjectMetadata project, string assemblyFileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        // .../bin/<configuration>/net10.0/
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var assembly = Path.Combine(Path.GetDirectoryName(project.ProjectPath)!, "bin", configuration, "net10.0", assemblyFileName);
        Assert.True(File.Exists(assembly), $"{assembly} is not built");

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var child = new ChildProcess(Process.Start(start)!);
        // Unread pipes would block the process; the output explains a failure.
        child.Process.OutputDataReceived += (_, e) => child._output.Enqueue(e.Data ?? "");
        child.Process.ErrorDataReceived += (_, e) => child._output.Enqueue(e.Data ?? "");
        child.Process.BeginOutputReadLine();
        child.Process.BeginErrorReadLine();
        return child;
    }

    /// <summary>A web service of the platform listening on <paramref name="url"/>, once its /health answers.</summary>
    public static async Task<ChildProcess> StartServiceAsync(IProjectMetadata project, string assemblyFileName, Uri url, IReadOnlyDictionary<string, string> environment)
    {
        var service = Start(project, assemblyFileName, [], new Dictionary<string, string>(environment) { ["ASPNETCORE_URLS"] = url.ToString() });
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline && !service.Process.HasExited)
        {
            try
            {
                using var health = await http.GetAsync("/health");
                if (health.IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        var output = service.RecentOutput;
        service.Dispose();
        throw new InvalidOperationException($"{assemblyFileName} did not become healthy:\n{output}");
    }

    public static Uri FreeLocalUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine or container dies.</summary>
    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        Process.Dispose();
    }
}
