using Notifications.Contracts;

namespace Notifications.Delivery;

/// <summary>What the delivery pipeline needs to know of any channel command.</summary>
/// <param name="Grouped">The later notifications of the same delay window the command answers for too (one email,
/// SMS or push for all of them); each gets its own outcome.</param>
/// <param name="FallbackOf">The command's <c>FallbackOf</c>: the notification it stands in for; its outcomes carry it.</param>
public sealed record DeliveryTicket(string NotificationId, string Channel, string Rule, NotificationRecipient Recipient, NotifiedMessage Message,
    IReadOnlyList<GroupedNotification>? Grouped = null, string? FallbackOf = null)
{
    public static DeliveryTicket Of(SendEmail command) => new(command.NotificationId, Channels.Email, command.Rule, command.Recipient, command.Message, command.Grouped, command.FallbackOf);

    public static DeliveryTicket Of(SendSms command) => new(command.NotificationId, Channels.Sms, command.Rule, command.Recipient, command.Message, command.Grouped, command.FallbackOf);

    public static DeliveryTicket Of(SendPush command) => new(command.NotificationId, Channels.Push, command.Rule, command.Recipient, command.Message, command.Grouped, command.FallbackOf);

    public static DeliveryTicket Of(SendRealtimeNotification command) => new(command.NotificationId, Channels.Realtime, command.Rule, command.Recipient, command.Message);

    /// <summary>What the ticket's outcome answers for (its own notification; see <see cref="Subjects"/> for a grouped one).</summary>
    public OutcomeSubject Subject => new(NotificationId, Channel, Recipient.Id, Message.ConversationId, Message.MessageId, FallbackOf);

    /// <summary>Every notification the ticket answers for, its own first, each with the time its message was posted.</summary>
    public IReadOnlyList<(OutcomeSubject Subject, DateTimeOffset PostedAt)> Subjects =>
        [(Subject, Message.PostedAt), .. (Grouped ?? []).Select(grouped =>
            (new OutcomeSubject(grouped.NotificationId, Channel, Recipient.Id, grouped.Message.ConversationId, grouped.Message.MessageId, FallbackOf), grouped.Message.PostedAt))];
}
