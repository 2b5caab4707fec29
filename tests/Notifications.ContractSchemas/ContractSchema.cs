using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Notifications.Contracts;

namespace Notifications.ContractSchemas;

/// <summary>The JSON Schema of one contract, as System.Text.Json's JsonSchemaExporter sees it on the wire.</summary>
public static class ContractSchema
{
    /// <summary>
    /// The wire format: camelCase (JsonSerializerDefaults.Web, as MassTransit's serializer writes it). Nullable
    /// annotations are respected so that <c>string</c> is a string and only <c>string?</c> may be null; the exporter
    /// lists C# <c>required</c> members in <c>required</c> on its own (ContractSchemaTests checks that it still does).
    /// </summary>
    public static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        RespectNullableAnnotations = true,
    };

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Keeps quotes and angle brackets in descriptions readable instead of \u0022.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly ContractDocs Docs = ContractDocs.For(typeof(MessagePosted).Assembly);

    /// <summary>
    /// The closed sets of strings the router checks (or the senders write). The contracts keep them as strings with
    /// constants beside them; the schema states them as enums so a platform learns them without reading C#.
    /// </summary>
    private static readonly Dictionary<(Type Type, string Property), string[]> AllowedValues = new()
    {
        [(typeof(MessageSender), nameof(MessageSender.Role))] = [ParticipantRoles.User, ParticipantRoles.Agent, ParticipantRoles.Bot],
        [(typeof(ParticipantUpserted), nameof(ParticipantUpserted.Role))] = [ParticipantRoles.User, ParticipantRoles.Agent],
        [(typeof(PushDevice), nameof(PushDevice.Platform))] = [PushPlatforms.Ios, PushPlatforms.Android, PushPlatforms.Web],
        [(typeof(MessagePosted), nameof(MessagePosted.Visibility))] = [MessageVisibility.Public, MessageVisibility.Internal],
        [(typeof(NotificationDelivered), nameof(NotificationDelivered.Status))] = [DeliveryStatuses.Accepted, DeliveryStatuses.Delivered],
    };

    public static string Generate(Type contract)
    {
        var exporter = new JsonSchemaExporterOptions
        {
            // A message on the broker is never null, and neither are the items of its lists: without this the
            // exporter allows null for both, since neither carries a nullable annotation it can read.
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Describe,
        };
        var body = Wire.GetJsonSchemaAsNode(contract, exporter).AsObject();

        // Title and description first, so a reader of the file sees what it is before the properties. Draft-07 is
        // the dialect AsyncAPI 3.0's schema object extends, and the exporter emits nothing newer.
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = contract.Name,
            ["description"] = body["description"]?.DeepClone(),
        };
        body.Remove("description");
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            schema[key] = value;
        }
        return schema.ToJsonString(Indented) + "\n";
    }

    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject node)
            return schema;
        var property = context.PropertyInfo;
        var member = property?.AttributeProvider as System.Reflection.MemberInfo;
        var description = member is not null
            ? Docs.OfProperty(member.DeclaringType!, member.Name)
            : context.TypeInfo.Kind == JsonTypeInfoKind.Object ? Docs.OfType(context.TypeInfo.Type) : null;
        if (description is not null)
            node["description"] = description;
        if (member is not null && AllowedValues.TryGetValue((member.DeclaringType!, member.Name), out var values))
        {
            var allowed = new JsonArray(values.Select(value => (JsonNode?)JsonValue.Create(value)).ToArray());
            if (property!.PropertyType == typeof(string) && IsNullable(node))
                allowed.Add(null);
            node["enum"] = allowed;
        }
        return node;
    }

    private static bool IsNullable(JsonObject node) =>
        node["type"] is JsonArray types && types.Any(type => type?.GetValue<string>() == "null");
}
