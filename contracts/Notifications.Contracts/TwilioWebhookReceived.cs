namespace Notifications.Contracts;

/// <summary>
/// Internal: a Twilio webhook whose signature the gateway verified, sent to the SMS sender's queue <c>sms-webhooks</c>
/// so the internet reaches one host while the SMS logic stays in the SMS sender. A platform never sends it.
/// </summary>
public record TwilioWebhookReceived
{
    /// <summary><c>status</c> (<c>POST /twilio/status</c>) or <c>inbound</c> (<c>POST /twilio/inbound</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>The form fields Twilio posted (MessageSid, MessageStatus, ErrorCode, From, Body, ...), as signed.</summary>
    public required Dictionary<string, string> Form { get; init; }

    /// <summary>When the gateway received the webhook.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>The values of <see cref="TwilioWebhookReceived.Kind"/>.</summary>
public static class TwilioWebhookKinds
{
    public const string Status = "status";
    public const string Inbound = "inbound";
}
