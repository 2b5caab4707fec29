using System.Text.Json;
using MassTransit;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.Webhooks;

namespace Notifications.Admin.Webhooks;

public enum ReplayOutcome
{
    Replayed,
    NotFound,

    /// <summary>The stored body no longer reads as the event it names (an event type since retired, a hand-edited entry).</summary>
    Unreadable,
}

/// <summary>
/// Puts a dead letter back into the webhook sender's queue as the event it was, with its original id as the message id,
/// so the platform sees the same <c>X-Webhook-Id</c> and drops it if it had it after all. The entry is removed only once
/// the broker has the copy: a replay that fails leaves it listed.
/// </summary>
public sealed class WebhookReplay(WebhookDeadLetterStore store, IBus bus, ILogger<WebhookReplay> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(ReplayOutcome Outcome, WebhookDeadLetter? Letter)> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        var letter = await store.FindAsync(id);
        if (letter is null)
            return (ReplayOutcome.NotFound, null);
        if (EventOf(letter) is not { } message)
            return (ReplayOutcome.Unreadable, letter);

        var endpoint = await bus.GetSendEndpoint(QueueNames.Address(QueueNames.SendWebhook));
        await endpoint.Send(message, message.GetType(), send =>
        {
            if (Guid.TryParse(letter.EventId, out var eventId))
                send.MessageId = eventId;
        }, cancellationToken);
        await store.RemoveAsync(id);
        logger.LogInformation("Webhook dead letter {Entry} ({Type} {WebhookId}) replayed to {Queue}", id, letter.EventType, letter.EventId, QueueNames.SendWebhook);
        return (ReplayOutcome.Replayed, letter);
    }

    private static object? EventOf(WebhookDeadLetter letter)
    {
        if (!WebhookEvents.ByName.TryGetValue(letter.EventType, out var type))
            return null;
        try
        {
            using var body = JsonDocument.Parse(letter.Body);
            return body.RootElement.TryGetProperty("data", out var data) ? data.Deserialize(type, Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
