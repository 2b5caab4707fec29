using System.Collections;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Notifications.Router.Directory;
using StackExchange.Redis;

namespace Notifications.Router.Holding;

/// <summary>
/// How a held notification is stored, kept small because every pending notification pays for it in Redis
/// (docs/performance.md, "Delay window"): JSON without nulls, empty lists or the notification's id (the hash field that
/// holds it is named <c>n:{notificationId}</c>), compressed with zlib. A held notification's JSON is mostly ids, names
/// and the message text, which zlib takes from about 460 to about 290 bytes; Redis rounds each value up to its
/// allocator's size class, so that saves nearly 200 bytes of the roughly 1,100 a notification alone in its hold costs.
/// A zlib stream starts with 0x78, never with <c>{</c>: what was stored before as plain JSON (in full, or without
/// its defaults) still reads.
/// </summary>
internal static class StoredPending
{
    private static readonly JsonSerializerOptions Options = new(ParticipantDirectory.Json)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutEmptyListsAndTheId } },
    };

    public static byte[] Serialize(PendingNotification pending)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(pending, Options);
        using var compressed = new MemoryStream(json.Length);
        // Optimal, not Fastest: .NET's fastest level codes with fixed Huffman tables, which gain little on a value this
        // short (461 -> 404 bytes measured, against about 290); a few microseconds per hold buy the difference.
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(json);
        return compressed.ToArray();
    }

    /// <param name="notificationId">From the hash field's name.</param>
    public static PendingNotification Deserialize(RedisValue stored, string notificationId)
    {
        var bytes = (byte[])stored!;
        var pending = bytes.Length > 0 && bytes[0] == (byte)'{'
            ? JsonSerializer.Deserialize<PendingNotification>(bytes, Options)
            : JsonSerializer.Deserialize<PendingNotification>(new ZLibStream(new MemoryStream(bytes), CompressionMode.Decompress), Options);
        return pending! with { NotificationId = notificationId };
    }

    /// <summary>The stored notification's JSON, as an operator reading Redis would want it (the console, a test, the benchmark).</summary>
    public static string JsonOf(RedisValue stored)
    {
        var bytes = (byte[])stored!;
        if (bytes.Length > 0 && bytes[0] == (byte)'{')
            return System.Text.Encoding.UTF8.GetString(bytes);
        using var zlib = new ZLibStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(zlib);
        return reader.ReadToEnd();
    }

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
