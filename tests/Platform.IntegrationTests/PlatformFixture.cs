using EdsPlatform.Postgres;
using EdsPlatform.Warehouse.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
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

    /// <summary>A client registered for these tests only, whose access tokens live one second.</summary>
    public const string ShortLivedClient = "short-lived-test-client";
    public const string ShortLivedSecret = "short-lived-test-secret-0123456789";

    public const string UnreachableRoute = "/api/unreachable";

    /// <summary>A data route declared for condition_occurrence with the project in a header; it forwards the rest of the path to the catalog.</summary>
    public const string HeaderDataRoute = "/api/header-data";

    /// <summary>Low enough that a burst from one test user meets it.</summary>
    public const int RequestsPerSecondPerUser = 40;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The warehouse's final state: it runs once and exits.</summary>
    public ResourceEvent WarehouseCompletion { get; private set; } = null!;

    /// <summary>A failing service behind the gateway's route <see cref="FailingService.Route"/>.</summary>
    public FailingService Failing { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        Failing = await FailingService.StartAsync();
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            $"Infra:Mode={Environment.GetEnvironmentVariable("Infra__Mode") ?? "local"}",
            "Infra:Ephemeral=true",
            $"Warehouse:SyntheticPatients={SyntheticPatients}",
            $"Warehouse:SyntheticSeed={SyntheticSeed}",
            $"Identity:Clients:{ShortLivedClient}:Secret={ShortLivedSecret}",
            $"Identity:Clients:{ShortLivedClient}:Flows:0=client_credentials",
            $"Identity:Clients:{ShortLivedClient}:Scopes:0=eds-api",
            $"Identity:Clients:{ShortLivedClient}:AccessTokenLifetimeSeconds=1",
            "Authentication:ClockSkewSeconds=0",
            $"Gateway:RequestsPerSecondPerUser={RequestsPerSecondPerUser}",
            // A route whose service is down (nothing listens on the discard port).
            $"ReverseProxy:Routes:unreachable:ClusterId=unreachable",
            $"ReverseProxy:Routes:unreachable:AuthorizationPolicy=signed-in",
            $"ReverseProxy:Routes:unreachable:Match:Path={UnreachableRoute}/{{**rest}}",
            "ReverseProxy:Clusters:unreachable:Destinations:down:Address=http://127.0.0.1:9",
            // A data route whose path names no project: the gateway takes it from the X-Eds-Project header.
            "ReverseProxy:Routes:header-data:ClusterId=catalog",
            "ReverseProxy:Routes:header-data:AuthorizationPolicy=signed-in",
            $"ReverseProxy:Routes:header-data:Match:Path={HeaderDataRoute}/{{**rest}}",
            "ReverseProxy:Routes:header-data:Metadata:DataAccess=true",
            "ReverseProxy:Routes:header-data:Metadata:Dataset=condition_occurrence",
            $"ReverseProxy:Routes:header-data:Transforms:0:PathRemovePrefix={HeaderDataRoute}",
            "ReverseProxy:Routes:failing:ClusterId=failing",
            "ReverseProxy:Routes:failing:AuthorizationPolicy=signed-in",
            $"ReverseProxy:Routes:failing:Match:Path={FailingService.Route}/{{**rest}}",
            $"ReverseProxy:Clusters:failing:Destinations:only:Address={Failing.Address}",
        ], timeout.Token);
        App = await appHost.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token).WaitAsync(StartTimeout, timeout.Token);
        WarehouseCompletion = await App.ResourceNotifications.WaitForResourceAsync(
            ResourceNames.Warehouse, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
    }

    /// <summary>A request that gets no answer fails fast instead of holding the suite for HttpClient's 100 s.</summary>
    public static readonly TimeSpan HttpTimeout = IdentityClient.HttpTimeout;

    public static HttpClient NewHttpClient() => new() { Timeout = HttpTimeout };

    public Uri Endpoint(string resource) => App.GetEndpoint(resource, "http");

    public IdentityClient Identity => new(Endpoint(ResourceNames.Identity));

    public Uri WebCallback => new(Endpoint(ResourceNames.Web), "/signin-oidc");

    /// <summary>The value of one of the AppHost's generated secrets (client secrets).</summary>
    public async Task<string> SecretAsync(string parameter)
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var resource = model.Resources.OfType<ParameterResource>().Single(p => p.Name == parameter);
        return await resource.GetValueAsync(CancellationToken.None) ?? throw new InvalidOperationException($"{parameter} has no value");
    }

    public Task<string> ServicesClientSecretAsync() => SecretAsync("platform-services-secret");

    public Task<string> WebClientSecretAsync() => SecretAsync("web-client-secret");

    /// <summary>Signs a demo user in through the provider (code + PKCE) and returns their tokens.</summary>
    public async Task<TokenSet> SignInAsync(string email) =>
        await Identity.SignInWithCodeFlowAsync(email, DemoPassword, await WebClientSecretAsync(), WebCallback);

    public const string DemoPassword = "EdsDemo-2026!";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<TokenSet>> _tokens = new();

    /// <summary>A session through the gateway for a demo user (one sign-in per user for the whole run: tokens live 15 minutes).</summary>
    public async Task<ApiSession> SessionAsync(string email) => new(Endpoint(ResourceNames.Gateway), (await _tokens.GetOrAdd(email, SignInAsync)).AccessToken);

    /// <summary>The same user calling a service directly, as a caller who bypasses the gateway would.</summary>
    public async Task<ApiSession> DirectSessionAsync(string email, string resource) => new(Endpoint(resource), (await _tokens.GetOrAdd(email, SignInAsync)).AccessToken);

    public async Task<NpgsqlDataSource> GovernanceDataSourceAsync() => NpgsqlDataSource.Create(await ConnectionStringAsync(ResourceNames.GovernanceDatabase));

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string");

    public async Task<NpgsqlDataSource> OmopDataSourceAsync() => NpgsqlDataSource.Create(await ConnectionStringAsync(ResourceNames.OmopDatabase));

    /// <summary>A new empty database on the platform's server, for tests that must not touch omopdb.</summary>
    public async Task<NpgsqlDataSource> CreateScratchDatabaseAsync(string prefix) =>
        NpgsqlDataSource.Create(await CreateScratchDatabaseConnectionStringAsync(prefix));

    /// <summary>A new database with the OMOP tables and no rows: hand-made data for tests whose answers must be obvious.</summary>
    public async Task<NpgsqlDataSource> CreateScratchOmopDatabaseAsync(string prefix)
    {
        var database = await CreateScratchDatabaseAsync(prefix);
        await MigrateOmopAsync(database);
        return database;
    }

    public static Task MigrateOmopAsync(NpgsqlDataSource database) =>
        new SchemaMigrator(database, [WarehouseMigrations.Set], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

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

    /// <summary>
    /// A scratch OMOP database with the reader role, and the environment of a data service process working on it (its
    /// <paramref name="section"/>'s jobs declared stale after 2 s, so that a takeover comes quickly): crash tests kill that
    /// process while the platform's own workers stay out of the database.
    /// </summary>
    public async Task<(string Database, Dictionary<string, string> Environment)> ScratchDataServiceAsync(string prefix, string section)
    {
        var database = await CreateScratchDatabaseConnectionStringAsync(prefix);
        await using (var omop = NpgsqlDataSource.Create(database))
        {
            await MigrateOmopAsync(omop);
            await new ReaderRole(omop, NullLogger<ReaderRole>.Instance).EnsureAsync(await SecretAsync("omop-reader-password"), CancellationToken.None);
        }
        return (database, new Dictionary<string, string>
        {
            ["ConnectionStrings__omopdb"] = database,
            ["ConnectionStrings__redis"] = await ConnectionStringAsync(ResourceNames.Redis),
            ["Identity__Url"] = Endpoint(ResourceNames.Identity).ToString(),
            ["DataAccess__IdentityUrl"] = Endpoint(ResourceNames.Identity).ToString(),
            ["DataAccess__ClientSecret"] = await ServicesClientSecretAsync(),
            ["services__governance__http__0"] = Endpoint(ResourceNames.Governance).ToString(),
            ["DataAccess__ReaderPassword"] = await SecretAsync("omop-reader-password"),
            [$"{section}__Jobs__StaleAfter"] = "00:00:02",
        });
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        if (Failing is not null)
        {
            await Failing.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "Platform";
}
