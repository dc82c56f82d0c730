using Aspire.Hosting.ApplicationModel;

namespace EdsPlatform.AppHost;

/// <summary>What a door (the gateway, a data service) needs to check grants: governance, the Redis that carries its announcements, and a service identity.</summary>
public sealed record AccessControl(
    IResourceBuilder<ProjectResource> Governance,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    EndpointReference IdentityUrl,
    IResourceBuilder<ParameterResource> ServiceClientSecret);

public static class AccessControlExtensions
{
    /// <summary>Token validation (Identity:Url) and the governance client: grant checks, audit records, pseudonyms.</summary>
    public static IResourceBuilder<ProjectResource> WithAccessControl(this IResourceBuilder<ProjectResource> door, AccessControl access) =>
        door.WithReference(access.Governance).WithReference(access.Redis).WaitFor(access.Redis)
            .WithEnvironment("Identity__Url", access.IdentityUrl)
            .WithEnvironment("Identity__ServiceClientSecret", access.ServiceClientSecret);
}
