using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using Notifications.Contracts;

namespace Notifications.WebhookSender.Posting;

/// <summary>
/// The body of a webhook: <c>{"type":"NotificationDelivered","id":"…","occurredAt":"…","data":{…}}</c>, where
/// <c>data</c> is the event as its contract's JSON (camelCase, as on the broker).
/// </summary>
public static class WebhookBody
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static byte[] Create(string type, string id, DateTimeOffset occurredAt, object data) =>
        JsonSerializer.SerializeToUtf8Bytes(new Envelope(type, id, occurredAt, data), Json);

    /// <summary>
    /// The webhook's stable id (also <c>X-Webhook-Id</c>): the message id the event was published with, which stays the
    /// same through every retry and redelivery. An event without one (bare JSON from elsewhere) gets an id derived
    /// from its content, so its repeats still carry the same id.
    /// </summary>
    public static string IdOf<T>(ConsumeContext<T> context) where T : class
    {
        if (context.MessageId is { } messageId)
            return messageId.ToString();
        var content = JsonSerializer.SerializeToUtf8Bytes(context.Message, Json);
        var hash = SHA256.HashData([.. Encoding.UTF8.GetBytes(typeof(T).Name + "\n"), .. content]);
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    /// <summary>When the event happened, by its own clock; NotificationSuppressed carries none, so its publish time stands in.</summary>
    public static DateTimeOffset OccurredAt(object message, DateTime? sentTime, TimeProvider clock) => message switch
    {
        NotificationDelivered delivered => delivered.DeliveredAt,
        NotificationFailed failed => failed.FailedAt,
        MessageRouted routed => routed.RoutedAt,
        SmsReplyReceived reply => reply.ReceivedAt,
        EmailReplyReceived emailReply => emailReply.ReceivedAt,
        ParticipantOptedOut optedOut => optedOut.At,
        ParticipantOptedIn optedIn => optedIn.At,
        _ => sentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : clock.GetUtcNow(),
    };

    private sealed record Envelope(string Type, string Id, DateTimeOffset OccurredAt, object Data);
}
