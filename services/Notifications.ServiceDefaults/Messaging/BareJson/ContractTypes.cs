using MassTransit;
using Notifications.Contracts;

namespace Notifications.ServiceDefaults.Messaging.BareJson;

/// <summary>
/// The contract types a bare JSON message may name, by the names a platform uses: the type's name
/// (<c>MessagePosted</c>), its exchange (<c>Notifications.Contracts:MessagePosted</c>) or its MassTransit URN.
/// </summary>
public static class ContractTypes
{
    private static readonly IReadOnlyDictionary<string, Type> ByName = BuildNames();

    /// <summary>The message type URN MassTransit dispatches on, or null when the name is no contract of this system.</summary>
    public static string? UrnOf(string? name) =>
        name is not null && ByName.TryGetValue(name.Trim(), out var type) ? MessageUrn.ForTypeString(type) : null;

    /// <summary>The event names, for the error that says what a bare JSON message should have carried.</summary>
    public static IEnumerable<string> Names => ByName.Values.Distinct().Select(type => type.Name).Order();

    private static Dictionary<string, Type> BuildNames()
    {
        var names = new Dictionary<string, Type>(StringComparer.Ordinal);
        var contracts = typeof(MessagePosted).Assembly.GetExportedTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.Namespace == typeof(MessagePosted).Namespace && type.GetProperties().Length > 0);
        foreach (var type in contracts)
        {
            names[type.Name] = type;
            names[$"{type.Namespace}:{type.Name}"] = type;
            names[MessageUrn.ForTypeString(type)] = type;
        }
        return names;
    }
}
