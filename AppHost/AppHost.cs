using EdsPlatform;
using EdsPlatform.AppHost;
using EdsPlatform.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
var config = builder.Configuration;

// Infrastructure: containers where a runtime answers, local processes elsewhere (Infra:Mode).
var infrastructure = PlatformInfrastructure.Add(builder);
var omopdb = infrastructure.AddDatabase(ResourceNames.OmopDatabase);
var governancedb = infrastructure.AddDatabase(ResourceNames.GovernanceDatabase);
var identitydb = infrastructure.AddDatabase(ResourceNames.IdentityDatabase);

// Warehouse: OMOP schema, data loads and the read-only role; runs once, data services wait for it to complete.
var omopReaderPassword = builder.AddGeneratedSecret("omop-reader-password");
var warehouse = builder.AddProject<Projects.Warehouse>(ResourceNames.Warehouse)
    .WithReference(omopdb).WaitFor(omopdb)
    .WithEnvironment("Warehouse__ReaderPassword", omopReaderPassword)
    .WithConfigurationSection(config, "Warehouse");

// Identity: the OpenID Connect provider; its endpoint is the issuer of every token.
var webClientSecret = builder.AddGeneratedSecret("web-client-secret");
var servicesClientSecret = builder.AddGeneratedSecret("platform-services-secret");
var identity = builder.AddProject<Projects.Identity>(ResourceNames.Identity)
    .WithReference(identitydb).WaitFor(identitydb)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithConfigurationSection(config, "Identity");
var identityUrl = identity.GetEndpoint("http");
identity.WithEnvironment("Identity__Issuer", identityUrl)
    .WithEnvironment("Identity__Clients__platform-services__Secret", servicesClientSecret);

// Governance: projects, committee review, grants, pseudonym keys and the audit log. It announces every
// change of a grant on Redis, where the doors (gateway and data services) keep their decision caches.
var auditKey = builder.AddGeneratedSecret("governance-audit-key");
var governance = builder.AddProject<Projects.Governance>(ResourceNames.Governance)
    .WithReference(governancedb).WaitFor(governancedb)
    .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
    .WithHttpHealthCheck("/health")
    .WithEnvironment("Identity__Url", identityUrl)
    .WithEnvironment("Governance__AuditKey", auditKey)
    .WithConfigurationSection(config, "Authentication")
    .WithConfigurationSection(config, "Governance");
var accessControl = new AccessControl(governance, infrastructure.Redis, identityUrl, servicesClientSecret);

// Data services: reached only through the gateway, each validating tokens and checking grants itself too.
var data = new DataServiceDependencies(omopdb, warehouse, omopReaderPassword, accessControl, config);
var catalog = builder.AddDataService<Projects.Catalog>(ResourceNames.Catalog, data);
var cohort = builder.AddDataService<Projects.Cohort>(ResourceNames.Cohort, data);
var interactions = builder.AddDataService<Projects.Interactions>(ResourceNames.Interactions, data);
var nlp = builder.AddDataService<Projects.Nlp>(ResourceNames.Nlp, data);
// Imaging: a local run serves the repository's models/ folder (a model dropped in needs no build); a published
// service serves the copy it carries, or Imaging:ModelRepository when configured.
var imaging = builder.AddDataService<Projects.Imaging>(ResourceNames.Imaging, data);
var modelRepository = config["Imaging:ModelRepository"]
    ?? (builder.ExecutionContext.IsRunMode ? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "models")) : null);
if (modelRepository is not null)
{
    imaging.WithEnvironment("Imaging__ModelRepository", modelRepository);
}

// Gateway: the single entry for APIs. Each service it references gets a route /api/<name>/... and a cluster;
// the stricter routes (data routes, steward routes) are in its appsettings.json.
var gateway = builder.AddProject<Projects.Gateway>(ResourceNames.Gateway)
    .WithReference(catalog).WithReference(cohort).WithReference(interactions).WithReference(nlp).WithReference(imaging).WaitFor(identity)
    .WithHttpHealthCheck("/health")
    .WithAccessControl(accessControl)
    .WithConfigurationSection(config, "Authentication")
    .WithConfigurationSection(config, "Gateway")
    .WithConfigurationSection(config, "ReverseProxy")
    .WithExternalHttpEndpoints();

// Web: the researchers' and committees' application.
var web = builder.AddProject<Projects.Web>(ResourceNames.Web)
    .WithReference(gateway).WaitFor(identity)
    .WithHttpHealthCheck("/health")
    .WithEnvironment("Identity__Url", identityUrl)
    .WithEnvironment("Identity__ClientSecret", webClientSecret)
    .WithExternalHttpEndpoints();
var webUrl = web.GetEndpoint("http");
identity.WithEnvironment("Identity__Clients__web__Secret", webClientSecret)
    .WithEnvironment("Identity__Clients__web__RedirectUris__0", ReferenceExpression.Create($"{webUrl}/signin-oidc"))
    .WithEnvironment("Identity__Clients__web__PostLogoutRedirectUris__0", ReferenceExpression.Create($"{webUrl}/signout-callback-oidc"));

builder.Build().Run();
