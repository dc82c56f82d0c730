using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace EdsPlatform.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL and Redis for the platform, as containers where a container runtime answers, as local processes
/// elsewhere, or existing servers given by connection strings, behind one shape: services reference the same resource
/// names either way.
/// </summary>
public sealed class PlatformInfrastructure
{
    private readonly Func<string, IResourceBuilder<IResourceWithConnectionString>> _addDatabase;

    private PlatformInfrastructure(
        InfrastructureMode mode,
        IResourceBuilder<IResourceWithConnectionString> redis,
        Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
    {
        Mode = mode;
        Redis = redis;
        _addDatabase = addDatabase;
    }

    /// <summary>Containers, Local or External: what Auto resolved to.</summary>
    public InfrastructureMode Mode { get; }

    public IResourceBuilder<IResourceWithConnectionString> Redis { get; }

    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name) => _addDatabase(name);

    public static PlatformInfrastructure Add(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration.GetSection("Infra");
        var mode = config.GetValue("Mode", InfrastructureMode.Auto);
        var ephemeral = config.GetValue("Ephemeral", false);
        if (mode == InfrastructureMode.External)
        {
            return new PlatformInfrastructure(InfrastructureMode.External, builder.AddConnectionString(ResourceNames.Redis), name => builder.AddConnectionString(name));
        }
        if (builder.ExecutionContext.IsPublishMode)
        {
            // Deployment (azd, manifests) describes Aspire's resources, which become managed services.
            mode = InfrastructureMode.Containers;
        }
        else if (mode == InfrastructureMode.Auto)
        {
            mode = ContainerRuntimeProbe.IsAvailable(out _) ? InfrastructureMode.Containers : InfrastructureMode.Local;
        }
        return mode == InfrastructureMode.Containers
            ? AddContainers(builder, ephemeral)
            : AddLocal(builder, config, ephemeral);
    }

    private static PlatformInfrastructure AddContainers(IDistributedApplicationBuilder builder, bool ephemeral)
    {
        var postgres = builder.AddPostgres(ResourceNames.Postgres);
        if (!ephemeral)
        {
            postgres.WithDataVolume().WithLifetime(ContainerLifetime.Persistent);
        }
        var redis = builder.AddRedis(ResourceNames.Redis);
        return new PlatformInfrastructure(InfrastructureMode.Containers, redis, name => postgres.AddDatabase(name));
    }

    private static PlatformInfrastructure AddLocal(IDistributedApplicationBuilder builder, IConfigurationSection config, bool ephemeral)
    {
        var binaries = LocalBinaries.Find(config, builder.AppHostDirectory);
        var dataDirectory = config["DataFolder"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : LocalBinaries.DefaultDataDirectory(binaries.PostgresMajorVersion, ephemeral);
        var postgres = builder.AddLocalPostgres(ResourceNames.Postgres, new LocalPostgresSettings(binaries.PostgresBin, dataDirectory, ephemeral));
        var redis = builder.AddLocalRedis(ResourceNames.Redis, binaries.Redis);
        return new PlatformInfrastructure(InfrastructureMode.Local, redis, name => postgres.AddDatabase(name));
    }
}
