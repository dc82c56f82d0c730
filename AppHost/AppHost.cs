using EdsPlatform;
using EdsPlatform.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: containers where a runtime answers, local processes elsewhere (Infra:Mode).
var infrastructure = PlatformInfrastructure.Add(builder);
var omopdb = infrastructure.AddDatabase(ResourceNames.OmopDatabase);
infrastructure.AddDatabase(ResourceNames.GovernanceDatabase);
infrastructure.AddDatabase(ResourceNames.IdentityDatabase);

// Warehouse: OMOP schema and data loads; runs once, data services wait for it to complete.
builder.AddProject<Projects.Warehouse>(ResourceNames.Warehouse)
    .WithReference(omopdb).WaitFor(omopdb)
    .WithEnvironment("Warehouse__LoadEunomia", builder.Configuration["Warehouse:LoadEunomia"] ?? "true")
    .WithEnvironment("Warehouse__SyntheticPatients", builder.Configuration["Warehouse:SyntheticPatients"] ?? "10000")
    .WithEnvironment("Warehouse__SyntheticSeed", builder.Configuration["Warehouse:SyntheticSeed"] ?? "42");

builder.Build().Run();
