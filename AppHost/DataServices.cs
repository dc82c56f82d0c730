using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace EdsPlatform.AppHost;

/// <summary>What a door (the gateway, a data service) needs to check grants: governance, the Redis that carries its announcements, and a service identity.</summary>
public sealed record AccessControl(
    IResourceBuilder<ProjectResource> Governance,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    EndpointReference IdentityUrl,
    IResourceBuilder<ParameterResource> ServiceClientSecret);

/// <summary>What every data service is given: the warehouse once loaded, its read-only login, access control, and the platform's configuration.</summary>
public sealed record DataServiceDependencies(
    IResourceBuilder<IResourceWithConnectionString> OmopDatabase,
    IResourceBuilder<ProjectResource> Warehouse,
    IResourceBuilder<ParameterResource> ReaderPassword,
    AccessControl Access,
    IConfiguration Configuration);

public static class DataServices
{
    /// <summary>
    /// Token validation (Identity:Url), and the governance client (section DataAccess): grant checks, audit records,
    /// pseudonyms. The door's grant caches live in Redis and listen to governance's announcements there.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAccessControl(this IResourceBuilder<ProjectResource> door, AccessControl access) =>
        door.WithReference(access.Governance).WithReference(access.Redis).WaitFor(access.Redis)
            .WithEnvironment("Identity__Url", access.IdentityUrl)
            .WithEnvironment("DataAccess__IdentityUrl", access.IdentityUrl)
            .WithEnvironment("DataAccess__ClientSecret", access.ServiceClientSecret);

    /// <summary>
    /// A data service (resource <paramref name="name"/>, configuration section of the same name capitalised): the
    /// warehouse once loaded, through its own and the read-only login; access control; health checked on /health;
    /// reached only through the gateway (no external endpoint).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddDataService<TProject>(this IDistributedApplicationBuilder builder, string name, DataServiceDependencies dependencies)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithReference(dependencies.OmopDatabase).WaitForCompletion(dependencies.Warehouse)
            .WithHttpHealthCheck("/health")
            .WithAccessControl(dependencies.Access)
            .WithEnvironment("DataAccess__ReaderPassword", dependencies.ReaderPassword)
            .WithConfigurationSection(dependencies.Configuration, "Authentication")
            .WithConfigurationSection(dependencies.Configuration, char.ToUpperInvariant(name[0]) + name[1..]);
}
