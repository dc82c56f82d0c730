using EdsPlatform.Postgres;
using EdsPlatform.Warehouse.Loading;
using EdsPlatform.Warehouse.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdsPlatform.Warehouse;

public static class WarehouseServices
{
    public static IHostApplicationBuilder AddWarehouseServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(ResourceNames.OmopDatabase, configureDataSourceBuilder: dataSource =>
            // Loads and index builds run for minutes: no command timeout.
            dataSource.ConnectionStringBuilder.CommandTimeout = 0);
        builder.Services.AddOptions<WarehouseOptions>().BindConfiguration(WarehouseOptions.SectionName)
            .Validate(options => options.SyntheticPatients >= 0, "Warehouse:SyntheticPatients is 0 or more.")
            .ValidateOnStart();
        builder.Services.AddSingleton(WarehouseMigrations.Set);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<DatasetLoader>();
        builder.Services.AddSingleton<ReaderRole>();
        builder.Services.AddSingleton<WarehouseJob>();
        return builder;
    }
}
