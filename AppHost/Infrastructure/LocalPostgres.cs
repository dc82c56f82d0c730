using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EdsPlatform.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL from the distribution's binaries, run by local-postgres.sh. It exposes the same
/// connection string shape as Aspire's PostgreSQL container, so services and client integrations
/// (Aspire.Npgsql) cannot tell the difference.
/// </summary>
public sealed class LocalPostgresResource(string name, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";
    internal const string UserName = "postgres";

    public EndpointReference PrimaryEndpoint => field ??= new EndpointReference(this, EndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>Database resource name to database name, created when the server is ready.</summary>
    internal Dictionary<string, string> Databases { get; } = new(StringComparer.Ordinal);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}

public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

/// <summary>Where and how the local cluster lives.</summary>
/// <param name="BinDirectory">Folder holding initdb and postgres.</param>
/// <param name="DataDirectory">The cluster's folder; it must be reachable by the user postgres runs as.</param>
/// <param name="Ephemeral">A throw-away cluster (tests): durability off, folder deleted at shutdown.</param>
public sealed record LocalPostgresSettings(string BinDirectory, string DataDirectory, bool Ephemeral);

public static class LocalPostgresBuilderExtensions
{
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, LocalPostgresSettings settings)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var resource = new LocalPostgresResource(name, builder.AppHostDirectory, password);

        var healthCheckKey = $"{name}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new PostgresHealthCheck(resource), failureStatus: null, tags: null));

        builder.Eventing.Subscribe<ResourceReadyEvent>(resource, (@event, cancellationToken) =>
            CreateDatabasesAsync(resource, @event.Services, cancellationToken));

        if (settings.Ephemeral)
        {
            builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((@event, _) =>
            {
                // ApplicationStopped comes after the orchestrator has stopped the server.
                @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped
                    .Register(() => DeleteWhenStopped(settings.DataDirectory));
                return Task.CompletedTask;
            });
        }

        return builder.AddResource(resource)
            .WithEndpoint(scheme: "tcp", name: LocalPostgresResource.EndpointName, env: "PGPORT")
            .WithArgs(Path.Combine(AppContext.BaseDirectory, "Infrastructure", "local-postgres.sh"))
            .WithEnvironment("PG_BIN", settings.BinDirectory)
            .WithEnvironment("PGDATA", settings.DataDirectory)
            .WithEnvironment("EDS_PG_EPHEMERAL", settings.Ephemeral ? "true" : "false")
            .WithEnvironment("EDS_PG_PASSWORD", password)
            .WithHealthCheck(healthCheckKey);
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases[name] = database.DatabaseName;
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new(CustomResourceKnownProperties.Source, server.Resource.Name)],
            });
    }

    /// <summary>Creates the databases that are missing, then marks each database resource running.</summary>
    private static async Task CreateDatabasesAsync(LocalPostgresResource server, IServiceProvider services, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
        var model = services.GetRequiredService<DistributedApplicationModel>();
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var database in model.Resources.OfType<LocalPostgresDatabaseResource>().Where(d => d.Parent == server))
        {
            await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection))
            {
                exists.Parameters.AddWithValue(database.DatabaseName);
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    // Identifiers cannot be parameters; the name comes from the AppHost's code, quoted anyway.
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                    logger.LogInformation("Created database {Database}", database.DatabaseName);
                }
            }
            await notifications.PublishUpdateAsync(database, snapshot => snapshot with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        }
    }

    /// <summary>Deletes a test cluster's folder (and its per-run parent) once postgres has let go of it.</summary>
    private static void DeleteWhenStopped(string directory)
    {
        var postmasterPid = Path.Combine(directory, "postmaster.pid");
        for (var attempt = 0; attempt < 50 && File.Exists(postmasterPid); attempt++)
        {
            Thread.Sleep(200);
        }
        try
        {
            var runFolder = Path.GetDirectoryName(directory)!;
            Directory.Delete(Path.GetFileName(runFolder).StartsWith(LocalBinaries.EphemeralFolderPrefix, StringComparison.Ordinal) ? runFolder : directory, recursive: true);
        }
        catch (IOException)
        {
            // CI removes leftovers of killed runs at its start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Healthy once the server accepts an authenticated query.</summary>
    private sealed class PostgresHealthCheck(LocalPostgresResource server) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }
    }
}
