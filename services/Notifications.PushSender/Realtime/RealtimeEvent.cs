using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.Delivery.Recording;
using Notifications.PushSender.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.PushSender.Realtime;

/// <summary>
/// One realtime event: the recipient's private channel, the event name and what the browser needs to show a
/// desktop notification and play the sound.
/// </summary>
public sealed partial record RealtimeEvent(string Channel, string Name, RealtimeEventData Data)
{
    /// <summary>The event every platform browser binds to on its private channel.</summary>
    public const string EventName = "notification";

    /// <summary>Prefix of the per-participant channel: <c>private-user-{recipientId}</c>. Private channels need the
    /// platform's auth endpoint to sign the subscription, so only that participant's browser can listen.</summary>
    public const string ChannelPrefix = "private-user-";

    /// <summary>Pusher's channel name limit.</summary>
    public const int MaxChannelLength = 164;

    /// <summary>A desktop notification shows a few lines; the chat has the whole message.</summary>
    public const int MaxBodyLength = 180;

    public static string ChannelOf(string recipientId)
    {
        var channel = ChannelPrefix + recipientId;
        if (channel.Length > MaxChannelLength || !ChannelName().IsMatch(channel))
            throw new ProviderException(
                $"recipient id '{recipientId}' cannot be part of a Pusher channel name (letters, digits and _ - = @ , . ; only, at most {MaxChannelLength - ChannelPrefix.Length} characters)",
                permanent: true);
        return channel;
    }

    public static RealtimeEvent From(SendRealtimeNotification command, string? adminBaseUrl) => new(
        ChannelOf(command.Recipient.Id),
        EventName,
        new RealtimeEventData
        {
            Title = DisplayNames.SenderOf(command.Message.Sender),
            Body = NotificationText.Shorten(command.Message.Text.Trim(), MaxBodyLength),
            ConversationId = command.Message.ConversationId,
            MessageId = command.Message.MessageId,
            NotificationId = command.NotificationId,
            Sound = true,
            Icon = command.Message.Sender.ProfileImageUrl,
            Link = LinkOf(command.Recipient.Role, command.Message.ConversationId, adminBaseUrl),
        });

    /// <summary>The admin console link, for agents only (users have no access to the admin console).</summary>
    public static string? LinkOf(string? recipientRole, string conversationId, string? adminBaseUrl) =>
        recipientRole == ParticipantRoles.Agent && !string.IsNullOrWhiteSpace(adminBaseUrl)
            ? $"{adminBaseUrl.TrimEnd('/')}/conversations/{Uri.EscapeDataString(conversationId)}"
            : null;

    [GeneratedRegex(@"^[A-Za-z0-9_\-=@,.;]+$")]
    private static partial Regex ChannelName();
}

/// <summary>The event's data, as the browser receives it.</summary>
public sealed record RealtimeEventData
{
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("body")] public required string Body { get; init; }
    [JsonPropertyName("conversationId")] public required string ConversationId { get; init; }
    [JsonPropertyName("messageId")] public required string MessageId { get; init; }
    [JsonPropertyName("notificationId")] public required string NotificationId { get; init; }
    /// <summary>Play the new-message sound (browsers allow it only after the user interacted with the page).</summary>
    [JsonPropertyName("sound")] public bool Sound { get; init; } = true;
    [JsonPropertyName("icon")] public string? Icon { get; init; }
    [JsonPropertyName("link")] public string? Link { get; init; }
}
