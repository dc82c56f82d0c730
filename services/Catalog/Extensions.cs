using EdsPlatform.Catalog.Infrastructure;
using EdsPlatform.DataAccess;

namespace EdsPlatform.Catalog;

public static class Extensions
{
    /// <summary>Metadata from the warehouse's own login; patient rows through the read-only one, within grants.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDataAccess(source: ResourceNames.Catalog);
        builder.Services.AddSingleton<SharedColumns>();
        return builder;
    }
}
