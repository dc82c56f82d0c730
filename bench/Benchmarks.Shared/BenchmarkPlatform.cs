using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using EdsPlatform.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EdsPlatform.Benchmarks;

/// <summary>The whole platform as the benchmarks run it: local PostgreSQL and Redis on a throw-away cluster, no rate limit.</summary>
public static class BenchmarkPlatform
{
    public static async Task<DistributedApplication> StartAsync(IEnumerable<string> settings, params string[] waitForHealthy)
    {
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["Infra:Mode=local", "Infra:Ephemeral=true", "Gateway:RequestsPerSecondPerUser=1000000", .. settings]);
        var app = await appHost.BuildAsync();
        await app.StartAsync();
        foreach (var resource in waitForHealthy)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource);
        }
        return app;
    }

    /// <summary>One of the AppHost's generated secrets (client secrets).</summary>
    public static async Task<string> SecretAsync(this DistributedApplication app, string name) =>
        await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == name).GetValueAsync(default)
            ?? throw new InvalidOperationException($"{name} has no value");

    /// <summary>The platform services' own access token (client credentials).</summary>
    public static async Task<string> ServiceTokenAsync(this DistributedApplication app) =>
        (await new IdentityClient(app.GetEndpoint(ResourceNames.Identity, "http")).ClientCredentialsAsync("platform-services", await app.SecretAsync("platform-services-secret"))).AccessToken;
}
