using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace EdsPlatform.AppHost;

public static class ConfigurationForwarding
{
    /// <summary>
    /// Passes a section of the AppHost's configuration (appsettings, command line, test arguments) to a
    /// service as environment variables, so one place configures the whole system.
    /// </summary>
    public static IResourceBuilder<T> WithConfigurationSection<T>(this IResourceBuilder<T> resource, IConfiguration configuration, string section)
        where T : IResourceWithEnvironment
    {
        foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
        {
            if (value is not null)
            {
                resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }
        return resource;
    }

    /// <summary>A secret generated once per developer (kept in the AppHost's user secrets) and shown in the dashboard as a parameter.</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddResource(ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, name, special: false));
}
