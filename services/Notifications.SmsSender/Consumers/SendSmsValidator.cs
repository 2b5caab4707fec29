using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.SmsSender.Consumers;

/// <summary>
/// Structural checks of a <see cref="SendSms"/>: without an id or a message it cannot be delivered idempotently
/// or at all. A missing or unusable phone number is not structural: the composer reports it as a permanent failure.
/// </summary>
public sealed class SendSmsValidator : IMessageValidator<SendSms>
{
    public string? Problem(SendSms command) =>
        // Deserialisation does not enforce `required`, so every reference may still be null here.
        NotificationIdRule.Problem(command.NotificationId, "SendSms")
            ?? (command.Recipient is null || command.Message is null ? "SendSms needs a NotificationId, a Recipient and a Message." : null);
}
