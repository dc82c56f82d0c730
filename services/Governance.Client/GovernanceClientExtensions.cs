using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Governance.Client;

public static class GovernanceClientExtensions
{
    /// <summary>
    /// Registers <see cref="DataAccessGuard"/> and its parts for a door named <paramref name="source"/> in the audit log.
    /// Reads Identity:Url, Identity:ServiceClientSecret and section "Governance:Client"; needs the "redis" resource.
    /// </summary>
    public static IHostApplicationBuilder AddGovernanceClient(this IHostApplicationBuilder builder, string source)
    {
        builder.AddRedisClient(ResourceNames.Redis);
        builder.Services.AddOptions<GovernanceClientOptions>()
            .Bind(builder.Configuration.GetSection("Governance:Client"))
            .Configure(options =>
            {
                options.Source = source;
                options.IdentityUrl ??= builder.Configuration["Identity:Url"] is { } url ? new Uri(url) : null;
                options.ClientSecret ??= builder.Configuration["Identity:ServiceClientSecret"];
            });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(nameof(ServiceTokenProvider));
        builder.Services.AddSingleton<ServiceTokenProvider>();
        builder.Services.AddTransient<ServiceTokenHandler>();
        builder.Services.AddHttpClient(GovernanceApiClient.HttpClientName, (services, http) =>
                http.BaseAddress = services.GetRequiredService<IOptions<GovernanceClientOptions>>().Value.BaseAddress)
            .AddHttpMessageHandler<ServiceTokenHandler>();
        builder.Services.AddSingleton<GovernanceApiClient>();
        builder.Services.AddSingleton<GrantCache>();
        builder.Services.AddHostedService<GrantChangeListener>();
        builder.Services.AddSingleton<AuditSink>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AuditSink>());
        builder.Services.AddSingleton<DataAccessGuard>();
        return builder;
    }
}
