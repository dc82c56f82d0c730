using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace EdsPlatform.AppHost.Infrastructure;

/// <summary>
/// redis-server from the distribution (run by local-redis.sh), or Garnet where it is absent, with the
/// connection string shape of Aspire's Redis container ("host:port,password=...") so that
/// Aspire.StackExchange.Redis works unchanged.
/// </summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => field ??= new EndpointReference(this, EndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");
}

/// <summary>The program serving Redis: a command and its arguments; it reads REDIS_PORT and EDS_REDIS_PASSWORD.</summary>
public sealed record LocalRedisProgram(string Command, string[] Args)
{
    public static LocalRedisProgram RedisServer(string redisServerPath) =>
        new("bash", [Path.Combine(AppContext.BaseDirectory, "Infrastructure", "local-redis.sh"), redisServerPath]);

    public static LocalRedisProgram Garnet(string garnetHostAssembly) => new("dotnet", [garnetHostAssembly]);
}

public static class LocalRedisBuilderExtensions
{
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, LocalRedisProgram program)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var resource = new LocalRedisResource(name, program.Command, builder.AppHostDirectory, password);

        var healthCheckKey = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new RedisHealthCheck(resource), failureStatus: null, tags: null));

        return builder.AddResource(resource)
            .WithEndpoint(scheme: "tcp", name: LocalRedisResource.EndpointName, env: "REDIS_PORT")
            .WithArgs(program.Args)
            .WithEnvironment("EDS_REDIS_PASSWORD", password)
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>Healthy once the server answers an authenticated PING.</summary>
    private sealed class RedisHealthCheck(LocalRedisResource server) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
                var options = ConfigurationOptions.Parse(connectionString!);
                options.AbortOnConnectFail = true;
                options.ConnectTimeout = 2000;
                await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
                await connection.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is RedisException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }
    }
}
