using System.Text.Json;
using Notifications.Contracts;
using Notifications.WebhookSender.Posting;

namespace Notifications.WebhookSender.Tests;

/// <summary>The body a platform parses: type, id, occurredAt and the event as its contract's camelCase JSON.</summary>
public sealed class WebhookBodyTests
{
    [Fact]
    public void The_envelope_carries_the_event_under_data_in_camel_case()
    {
        var delivered = new NotificationDelivered
        {
            NotificationId = "m-1:agent-a:sms",
            Channel = Channels.Sms,
            RecipientId = "agent-a",
            ConversationId = "conv-1",
            MessageId = "m-1",
            Provider = "twilio",
            DeliveredAt = DateTimeOffset.Parse("2026-01-01T10:00:00+00:00"),
        };

        using var body = JsonDocument.Parse(WebhookBody.Create(nameof(NotificationDelivered), "id-1",
            WebhookBody.OccurredAt(delivered, sentTime: null, TimeProvider.System), delivered));

        var root = body.RootElement;
        Assert.Equal("NotificationDelivered", root.GetProperty("type").GetString());
        Assert.Equal("id-1", root.GetProperty("id").GetString());
        Assert.Equal(delivered.DeliveredAt, root.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal("m-1:agent-a:sms", root.GetProperty("data").GetProperty("notificationId").GetString());
        Assert.Equal("accepted", root.GetProperty("data").GetProperty("status").GetString());
    }
}
