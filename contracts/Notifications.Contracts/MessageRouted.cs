namespace Notifications.Contracts;

/// <summary>
/// Published by the router, when <c>Events:MessageRouted</c> is on, once per chat message it decided: every
/// notification it planned and every one it decided not to send, with the spec row and the reason. The per-recipient
/// <see cref="NotificationSuppressed"/> events are published as well; this is the whole decision in one event.
/// A message the router decides again (a redelivery after a crash) publishes it again, with the same content.
/// </summary>
public record MessageRouted
{
    public required string MessageId { get; init; }

    public required string ConversationId { get; init; }

    public required DateTimeOffset RoutedAt { get; init; }

    /// <summary>The commands sent to the channels' senders; each ends in its own delivered or failed outcome.</summary>
    public required IReadOnlyList<RoutedNotification> Notifications { get; init; }

    /// <summary>What was not sent, and why (the same as the <see cref="NotificationSuppressed"/> events).</summary>
    public required IReadOnlyList<RoutedSuppression> Suppressions { get; init; }

    /// <summary>
    /// The SMS and push kept back beside an email that went out (<c>Sms:Mode</c>, <c>Push:Mode</c> = <c>Fallback</c>). Not
    /// suppressions: each goes out, under its id with <c>:fallback</c> and with <c>fallbackOf</c>, if the email fails for
    /// good (a rejection at send time, a hard bounce or complaint later); if the email is delivered and never bounces,
    /// nothing more is published for it.
    /// </summary>
    public IReadOnlyList<RoutedNotification> HeldForFallback { get; init; } = [];

    /// <summary>
    /// The notifications the router holds instead of sending now: in their channel's delay window
    /// (<c>Email/Sms/Push:DelaySeconds</c>, reason <c>window</c>) or in the recipient's quiet hours (reason
    /// <c>quiet-hours</c>), until <see cref="HeldNotification.Until"/>. Not in <see cref="Notifications"/>: a held
    /// notification goes out when the wait ends (grouped with the others of its window, or in the quiet hours' summary),
    /// or ends suppressed (<c>seen</c>, or a choice the recipient made meanwhile); each ends in its own outcome.
    /// </summary>
    public IReadOnlyList<HeldNotification> Held { get; init; } = [];
}

/// <summary>One notification the router holds until a wait ends (<see cref="MessageRouted.Held"/>).</summary>
public record HeldNotification
{
    public required string NotificationId { get; init; }

    public required string RecipientId { get; init; }

    /// <summary>email, sms or push.</summary>
    public required string Channel { get; init; }

    /// <summary>The spec row that decided it (A1-A5, U1, I1, M1, E1).</summary>
    public required string Rule { get; init; }

    /// <summary>What holds it (<see cref="HeldReasons"/>): <c>window</c> or <c>quiet-hours</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>When the wait ends: the end of the delay window it joined, or of the recipient's quiet hours.</summary>
    public required DateTimeOffset Until { get; init; }
}

/// <summary>The values of <see cref="HeldNotification.Reason"/>.</summary>
public static class HeldReasons
{
    /// <summary>The channel's delay window: waiting for the reader to see the conversation, and for more messages to group.</summary>
    public const string Window = "window";

    /// <summary>The recipient's quiet hours: the notification goes into their catch-up summary (SMS and push only).</summary>
    public const string QuietHours = "quiet-hours";
}

/// <summary>One notification the router sent to a channel's sender.</summary>
public record RoutedNotification
{
    public required string NotificationId { get; init; }

    public required string RecipientId { get; init; }

    /// <summary>email, sms, push or realtime.</summary>
    public required string Channel { get; init; }

    /// <summary>The spec row that decided it (A1-A5, U1, I1, M1).</summary>
    public required string Rule { get; init; }
}

/// <summary>One notification the router decided not to send.</summary>
public record RoutedSuppression
{
    public required string NotificationId { get; init; }

    /// <summary>Empty when the suppression names nobody (a help desk without agents).</summary>
    public required string RecipientId { get; init; }

    /// <summary>email, sms, push, realtime, or <c>all</c> when the reason covers every channel.</summary>
    public required string Channel { get; init; }

    public required string Rule { get; init; }

    public required string Reason { get; init; }
}
