namespace EdsPlatform.Web;

public sealed record TableSummary(string Name, long Rows);

/// <summary>The platform's APIs as the web app sees them: always through the gateway.</summary>
public sealed class GatewayClient(HttpClient http)
{
    public async Task<IReadOnlyList<TableSummary>> GetTablesAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<TableSummary>>("/api/catalog/tables", cancellationToken) ?? [];
}
