using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EdsPlatform.DataAccess;

public static class DataAccessExtensions
{
    /// <summary>
    /// What every door (the gateway, each data service) needs to check grants: <see cref="DataAccessGuard"/>, the
    /// governance client, its grant cache (memory, Redis, governance) and audit records. <paramref name="source"/> is
    /// the name the door gives itself in the audit log. Section "DataAccess"; needs the "redis" resource.
    /// </summary>
    public static IHostApplicationBuilder AddAccessControl(this IHostApplicationBuilder builder, string source)
    {
        builder.AddPlatformRedis();
        builder.Services.AddSingleton<RedisLiveness>();
        builder.Services.AddOptions<DataAccessOptions>().BindConfiguration(DataAccessOptions.SectionName)
            .Validate(options => options.IdentityUrl is not null && !string.IsNullOrEmpty(options.ClientSecret),
                "DataAccess:IdentityUrl and DataAccess:ClientSecret are required (the AppHost sets them).")
            .ValidateOnStart();
        builder.Services.AddSingleton(new AuditSource(source));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(nameof(ServiceTokenProvider));
        builder.Services.AddSingleton<ServiceTokenProvider>();
        builder.Services.AddTransient<ServiceTokenHandler>();
        builder.Services.AddHttpClient(GovernanceApiClient.HttpClientName, (services, http) =>
                http.BaseAddress = services.GetRequiredService<IOptions<DataAccessOptions>>().Value.BaseAddress)
            .AddHttpMessageHandler<ServiceTokenHandler>();
        builder.Services.AddSingleton<GovernanceApiClient>();
        builder.Services.AddSingleton<GrantCache>();
        builder.Services.AddHostedService<GrantChangeListener>();
        builder.Services.AddSingleton<AuditSink>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AuditSink>());
        builder.Services.AddSingleton<DataAccessGuard>();
        return builder;
    }

    /// <summary>
    /// Redis as the platform uses it, a cache and a messenger: <see cref="BestEffortRedis"/> (short timeouts, circuit
    /// breaker) and a health check that reports its absence as degraded. Needs the "redis" resource.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformRedis(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(ResourceNames.Redis, settings => settings.DisableHealthChecks = true);
        builder.Services.TryAddSingleton<BestEffortRedis>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded);
        return builder;
    }

    /// <summary>
    /// A data service: access control, the warehouse through the service's own login (its own tables, such as a job
    /// table) and through the read-only login (<see cref="OmopReader"/>, for every patient-level read).
    /// </summary>
    public static IHostApplicationBuilder AddDataAccess(this IHostApplicationBuilder builder, string source)
    {
        builder.AddAccessControl(source);
        builder.AddNpgsqlDataSource(ResourceNames.OmopDatabase);
        builder.Services.AddOptions<DataAccessOptions>()
            .Validate(options => !string.IsNullOrEmpty(options.ReaderPassword), "DataAccess:ReaderPassword is required (the AppHost sets it).")
            .Validate(options => options.SmallCellThreshold > 0, "DataAccess:SmallCellThreshold is positive.");
        builder.Services.AddSingleton(services => new SmallCellSuppression(services.GetRequiredService<IOptions<DataAccessOptions>>().Value.SmallCellThreshold));
        builder.Services.AddSingleton<ProjectCohorts>();
        builder.Services.AddSingleton(services => OmopReader.Create(
            services.GetRequiredService<NpgsqlDataSource>().ConnectionString, services.GetRequiredService<IOptions<DataAccessOptions>>().Value));
        return builder;
    }

    /// <summary>
    /// The route serves patient-level rows of <paramref name="dataset"/> (a name, or "{routeValue}"): the caller needs
    /// an active grant on it in the project named by the route value "projectId" or the X-Eds-Project header. The
    /// decision is audited before the handler runs; a refusal is the guard's problem details.
    /// </summary>
    public static RouteHandlerBuilder RequireGrant(this RouteHandlerBuilder route, string dataset) =>
        route.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var decision = await context.RequestServices.GetRequiredService<DataAccessGuard>()
                .AuthorizeAsync(context, DataAccessGuard.ProjectOf(context), DataAccessGuard.DatasetOf(dataset, context.Request.RouteValues));
            return decision.Allowed ? await next(invocation) : decision.ToProblem();
        });
}

/// <summary>The name this service gives itself in the audit log.</summary>
public sealed record AuditSource(string Name);
