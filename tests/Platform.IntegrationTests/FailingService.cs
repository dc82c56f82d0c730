using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace EdsPlatform.IntegrationTests;

/// <summary>
/// A service that fails on purpose, behind the gateway's route <see cref="Route"/>: one request throws inside a
/// service built on ServiceDefaults (in Development, where ASP.NET's developer exception page is on), the other
/// answers a raw 500 with a stack trace, as a service outside ServiceDefaults would.
/// </summary>
public sealed class FailingService : IAsyncDisposable
{
    public const string Route = "/api/failing";
    public const string StackTraceMarker = "at EdsPlatform.Secret.Handler() in /src/Secret/Handler.cs:line 42";

    private readonly WebApplication _app;

    private FailingService(WebApplication app) => _app = app;

    public Uri Address => new(_app.Urls.First());

    public static async Task<FailingService> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapGet(Route + "/throw", IResult () => throw new InvalidOperationException("Connection string Password=secret; " + StackTraceMarker));
        app.MapGet(Route + "/raw", () => Results.Text("System.InvalidOperationException: boom\n   " + StackTraceMarker, statusCode: StatusCodes.Status500InternalServerError));
        await app.StartAsync();
        return new FailingService(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
