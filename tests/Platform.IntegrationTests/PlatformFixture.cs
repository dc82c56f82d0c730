using Npgsql;

namespace EdsPlatform.IntegrationTests;

/// <summary>
/// The whole AppHost, started once for all whole-stack tests: real PostgreSQL and Redis (local processes
/// unless Infra__Mode says otherwise), a throw-away data folder, and the warehouse's loads.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const int SyntheticPatients = 300;
    public const int SyntheticSeed = 42;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The warehouse's final state: it runs once and exits.</summary>
    public ResourceEvent WarehouseCompletion { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            $"Infra:Mode={Environment.GetEnvironmentVariable("Infra__Mode") ?? "local"}",
            "Infra:Ephemeral=true",
            $"Warehouse:SyntheticPatients={SyntheticPatients}",
            $"Warehouse:SyntheticSeed={SyntheticSeed}",
        ], timeout.Token);
        App = await appHost.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token).WaitAsync(StartTimeout, timeout.Token);
        WarehouseCompletion = await App.ResourceNotifications.WaitForResourceAsync(
            ResourceNames.Warehouse, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
    }

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string");

    public async Task<NpgsqlDataSource> OmopDataSourceAsync() => NpgsqlDataSource.Create(await ConnectionStringAsync(ResourceNames.OmopDatabase));

    /// <summary>A new empty database on the platform's server, for tests that must not touch omopdb.</summary>
    public async Task<NpgsqlDataSource> CreateScratchDatabaseAsync(string prefix) =>
        NpgsqlDataSource.Create(await CreateScratchDatabaseConnectionStringAsync(prefix));

    /// <summary>As <see cref="CreateScratchDatabaseAsync"/>, as a connection string with its password (for other processes).</summary>
    public async Task<string> CreateScratchDatabaseConnectionStringAsync(string prefix)
    {
        var server = new NpgsqlConnectionStringBuilder(await ConnectionStringAsync(ResourceNames.Postgres));
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE \"{name}\"");
            await create.ExecuteNonQueryAsync();
        }
        server.Database = name;
        return server.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "Platform";
}
