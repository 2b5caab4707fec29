using Notifications.Contracts;

namespace Notifications.Delivery;

/// <summary>What the delivery pipeline needs to know of any channel command.</summary>
public sealed record DeliveryTicket(string NotificationId, string Channel, string Rule, NotificationRecipient Recipient, NotifiedMessage Message)
{
    public static DeliveryTicket Of(SendEmail command) => new(command.NotificationId, Channels.Email, command.Rule, command.Recipient, command.Message);

    public static DeliveryTicket Of(SendSms command) => new(command.NotificationId, Channels.Sms, command.Rule, command.Recipient, command.Message);

    public static DeliveryTicket Of(SendPush command) => new(command.NotificationId, Channels.Push, command.Rule, command.Recipient, command.Message);

    public static DeliveryTicket Of(SendRealtimeNotification command) => new(command.NotificationId, Channels.Realtime, command.Rule, command.Recipient, command.Message);

    /// <summary>What the ticket's outcome answers for.</summary>
    public OutcomeSubject Subject => new(NotificationId, Channel, Recipient.Id, Message.ConversationId, Message.MessageId);
}
