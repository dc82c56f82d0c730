using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdsPlatform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class PlatformStartupTests(PlatformFixture platform)
{
    [Fact]
    public void The_warehouse_runs_once_and_succeeds()
    {
        Assert.Equal(KnownResourceStates.Finished, platform.WarehouseCompletion.Snapshot.State?.Text);
        Assert.Equal(0, platform.WarehouseCompletion.Snapshot.ExitCode);
    }

    [Theory]
    [InlineData(ResourceNames.Postgres)]
    [InlineData(ResourceNames.Redis)]
    [InlineData(ResourceNames.OmopDatabase)]
    [InlineData(ResourceNames.GovernanceDatabase)]
    [InlineData(ResourceNames.IdentityDatabase)]
    public async Task Infrastructure_resources_become_healthy(string resource)
    {
        var state = await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(resource)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HealthStatus.Healthy, state.Snapshot.HealthStatus);
    }

    [Fact]
    public async Task Redis_answers_with_the_password_from_its_connection_string()
    {
        var connectionString = await platform.ConnectionStringAsync(ResourceNames.Redis);
        Assert.Contains("password=", connectionString, StringComparison.Ordinal);
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(connectionString);
        var key = $"test:{Guid.NewGuid():N}";
        await redis.GetDatabase().StringSetAsync(key, "EDS", TimeSpan.FromMinutes(1));
        Assert.Equal("EDS", (string?)await redis.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task PostgreSQL_refuses_a_wrong_password()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(await platform.ConnectionStringAsync(ResourceNames.OmopDatabase))
        {
            Password = "not-the-password",
        };
        await using var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => connection.OpenAsync());
        Assert.Equal("28P01", error.SqlState); // invalid_password
    }
}
