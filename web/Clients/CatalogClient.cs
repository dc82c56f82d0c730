namespace EdsPlatform.Web.Clients;

/// <summary>The catalog API (<c>/api/catalog</c>): the warehouse's tables, and a project's granted rows.</summary>
public sealed class CatalogClient(HttpClient http) : GatewayApi(http)
{
    public Task<List<TableSummary>> GetTablesAsync(CancellationToken cancellationToken) => GetAsync<List<TableSummary>>("/api/catalog/tables", cancellationToken);

    public Task<TableRows> GetProjectRowsAsync(string projectId, string dataset, CancellationToken cancellationToken) =>
        GetAsync<TableRows>($"/api/catalog/projects/{Escape(projectId)}/tables/{Escape(dataset)}/rows?limit=20", cancellationToken);
}
