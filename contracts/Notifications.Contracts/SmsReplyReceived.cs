namespace Notifications.Contracts;

/// <summary>Published when a participant answers an SMS notification, so the reply appears in the chat.</summary>
public record SmsReplyReceived
{
    /// <summary>The id of the SMS notification being answered, when it is known.</summary>
    public string? NotificationId { get; init; }

    public string Channel { get; init; } = Channels.Sms;

    /// <summary>The participant whose phone number sent the reply.</summary>
    public required string RecipientId { get; init; }

    /// <summary>The participant's most recent conversation.</summary>
    public required string ConversationId { get; init; }

    public required string Text { get; init; }

    /// <summary>The provider's id of the inbound message (Twilio MessageSid).</summary>
    public required string ProviderMessageId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}
