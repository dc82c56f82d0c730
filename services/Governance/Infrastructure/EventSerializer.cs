using System.Text.Json;
using EdsPlatform.DataAccess;
using EdsPlatform.Governance.Domain;

namespace EdsPlatform.Governance.Infrastructure;

/// <summary>Events as (type name, JSON) in the stream table. Type names are part of the stored format: never rename an event.</summary>
public static class EventSerializer
{
    private static readonly Dictionary<string, Type> Types = typeof(AccessRequestEvent).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(AccessRequestEvent)) && !type.IsAbstract)
        .ToDictionary(type => type.Name, StringComparer.Ordinal);

    public static (string Type, string Json) Serialize(AccessRequestEvent @event) =>
        (@event.GetType().Name, JsonSerializer.Serialize(@event, @event.GetType(), GovernanceJson.Options));

    public static AccessRequestEvent Deserialize(string type, string json) =>
        (AccessRequestEvent)(JsonSerializer.Deserialize(json, Types[type], GovernanceJson.Options)
            ?? throw new InvalidOperationException($"Empty {type} event."));
}
