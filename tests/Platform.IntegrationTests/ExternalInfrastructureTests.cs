using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace EdsPlatform.IntegrationTests;

/// <summary>Infra:Mode=External: the platform on servers that already exist (a managed or distributed PostgreSQL), by configuration only.</summary>
public sealed class ExternalInfrastructureTests
{
    [Fact]
    public async Task External_mode_takes_the_databases_and_redis_from_connection_strings_and_starts_no_server()
    {
        string[] connections = [ResourceNames.OmopDatabase, ResourceNames.GovernanceDatabase, ResourceNames.IdentityDatabase, ResourceNames.Redis];
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["Infra:Mode=External", .. connections.Select(name => $"ConnectionStrings:{name}=Host=citus.example;Database={name}")]);

        foreach (var name in connections)
        {
            var resource = Assert.Single(builder.Resources, r => r.Name == name);
            Assert.Equal($"Host=citus.example;Database={name}", await ((IResourceWithConnectionString)resource).GetConnectionStringAsync());
        }
        Assert.DoesNotContain(builder.Resources, r => r.Name == ResourceNames.Postgres);
        Assert.DoesNotContain(builder.Resources, r => r is ContainerResource or ExecutableResource && r.Name is ResourceNames.Postgres or ResourceNames.Redis);
    }
}
