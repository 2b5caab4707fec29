using System.Text.Json;

namespace Notifications.Gateway.Ingest;

/// <summary>Why a posted body is not JSON of the event's shape, in the words a platform developer needs: the field by its JSON name.</summary>
public static class IngestProblems
{
    /// <summary>System.Text.Json's message, with its <c>$.</c> path prefix dropped so the field reads as the platform wrote it.</summary>
    public static string Describe(JsonException failure)
    {
        var message = failure.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var reason = cut > 0 ? message[..cut] : message;
        return failure.Path is { Length: > 2 } path ? $"{path[2..]}: {reason}" : reason;
    }
}
