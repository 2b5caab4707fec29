using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Notifications.Router.Directory;

namespace Notifications.Router.Holding;

/// <summary>
/// The JSON a held notification is stored as, kept small because every pending notification pays for it in Redis
/// (docs/performance.md, "Delay window"): nulls and empty lists are left out (they read back as their defaults), and
/// the notification's id is not repeated, since the hash field that holds it is named <c>n:{notificationId}</c>.
/// What was stored before (with all of these) still reads.
/// </summary>
internal static class StoredPendingJson
{
    private static readonly JsonSerializerOptions Options = new(ParticipantDirectory.Json)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutEmptyListsAndTheId } },
    };

    public static string Serialize(PendingNotification pending) => JsonSerializer.Serialize(pending, Options);

    /// <param name="notificationId">From the hash field's name.</param>
    public static PendingNotification Deserialize(string json, string notificationId) =>
        JsonSerializer.Deserialize<PendingNotification>(json, Options)! with { NotificationId = notificationId };

    private static void LeaveOutEmptyListsAndTheId(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
            return;
        if (type.Type == typeof(PendingNotification))
        {
            var id = type.Properties.Single(p => p.Name == "notificationId");
            // Not written, and not required on reading: the id is set from the field name.
            id.ShouldSerialize = static (_, _) => false;
            id.IsRequired = false;
        }
        foreach (var property in type.Properties)
        {
            if (property.PropertyType != typeof(string) && typeof(ICollection).IsAssignableFrom(property.PropertyType)
                || IsReadOnlyList(property.PropertyType))
                property.ShouldSerialize = static (_, value) => value is not ICollection { Count: 0 };
        }
    }

    private static bool IsReadOnlyList(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>);
}
