namespace Notifications.WebhookSender.Posting;

/// <summary>The headers each webhook carries beside the signature's X-Timestamp and X-Signature.</summary>
public static class WebhookHeaders
{
    /// <summary>The stable id: the same on every retry and replay of one event, so the platform can drop repeats.</summary>
    public const string Id = "X-Webhook-Id";

    /// <summary>The event type, also the body's <c>type</c>, so a receiver can route before it parses.</summary>
    public const string Type = "X-Webhook-Type";
}
