using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace EdsPlatform.IntegrationTests;

/// <summary>
/// Every service's API contract, as the OpenAPI document it serves in Development, against the copy checked in next
/// to its project (<c>openapi.json</c>): a change of routes, parameters or shapes shows up in review. After a
/// deliberate change, run the tests once with <c>EDS_UPDATE_OPENAPI=1</c> to refresh the copies.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ServiceContracts(PlatformFixture platform)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Each_services_OpenAPI_document_is_the_one_checked_in()
    {
        var update = Environment.GetEnvironmentVariable("EDS_UPDATE_OPENAPI") == "1";
        var changed = new List<string>();
        foreach (var (resource, projectDirectory, document) in await OpenApiDocumentsAsync(platform))
        {
            var path = Path.Combine(projectDirectory, "openapi.json");
            document.AsObject().Remove("servers"); // the address of this run, not part of the contract
            var served = document.ToJsonString(Indented) + "\n";
            if (update)
            {
                await File.WriteAllTextAsync(path, served);
            }
            else if (!File.Exists(path) || JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(path)), document) is false)
            {
                changed.Add($"{resource}: {path}");
            }
        }
        Assert.True(changed.Count == 0, "The API contract changed; review it and refresh the copies with EDS_UPDATE_OPENAPI=1:\n" + string.Join("\n", changed));
    }

    /// <summary>Each service resource that serves an OpenAPI document with routes: its name, its project's folder, the document.</summary>
    public static async Task<List<(string Resource, string ProjectDirectory, JsonNode Document)>> OpenApiDocumentsAsync(PlatformFixture platform)
    {
        using var http = PlatformFixture.NewHttpClient();
        var documents = new List<(string, string, JsonNode)>();
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            Uri endpoint;
            try
            {
                endpoint = platform.Endpoint(project.Name);
            }
            catch (ArgumentException)
            {
                continue; // no http endpoint (the warehouse job)
            }
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(project.Name);
            using var response = await http.GetAsync(new Uri(endpoint, "/openapi/v1.json"));
            if (response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync()) is { } document && document["paths"]?.AsObject().Count > 0)
            {
                documents.Add((project.Name, Path.GetDirectoryName(project.GetProjectMetadata().ProjectPath)!, document));
            }
        }
        Assert.Contains(documents, d => d.Item1 == ResourceNames.Cohort);
        Assert.Contains(documents, d => d.Item1 == ResourceNames.Governance);
        Assert.Contains(documents, d => d.Item1 == ResourceNames.Catalog);
        return documents;
    }
}
