using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.AddressMarks;

namespace Notifications.Router.Fallback;

/// <summary>
/// What the router does with a notification that failed (<c>NotificationFailed</c>, on its own queue
/// <c>notifications-router-outcomes</c>):
/// <list type="bullet">
/// <item>A hard bounce or a complaint (<see cref="BounceKinds.MarksAddressBad"/>) marks the recipient's current address on
/// that channel bad (<see cref="AddressMarkStore"/>): later notifications to it are suppressed as <c>address-bounced</c>.</item>
/// <item>An email that failed for good (rejected at send time, or a later hard bounce or complaint) sends the SMS and push
/// held for it; an SMS or push that failed for good (at send time, or Twilio's later "undelivered") sends the email kept
/// when none went out for that message (<see cref="FallbackSender"/>).</item>
/// </list>
/// A transient failure, a soft bounce and a failure of a fallback itself change nothing here.
/// </summary>
public sealed class NotificationFailedConsumer(FallbackSender fallbacks, AddressMarkStore marks, ParticipantDirectory directory,
    ILogger<NotificationFailedConsumer> logger) : IConsumer<NotificationFailed>
{
    public async Task Consume(ConsumeContext<NotificationFailed> context)
    {
        var failed = context.Message;
        if (string.IsNullOrEmpty(failed.RecipientId) || string.IsNullOrEmpty(failed.MessageId) || string.IsNullOrEmpty(failed.NotificationId))
            throw new InvalidMessageException("NotificationFailed needs notificationId, recipientId and messageId.");

        if (BounceKinds.MarksAddressBad(failed.Bounce))
            await MarkAddressAsync(failed);
        if (FallsBack(failed))
            await fallbacks.FallBackAsync(context, failed);
    }

    /// <summary>
    /// Whether the failure means the recipient cannot be reached on that channel: an email rejected for good at send time
    /// or a later bounce that says the address is bad (a late soft bounce does not); an SMS or push failed for good, at
    /// send time or reported later. A fallback that fails does not fall back again: what it stood in for failed already.
    /// </summary>
    public static bool FallsBack(NotificationFailed failed) =>
        failed.Permanent && failed.FallbackOf is null && failed.Channel switch
        {
            Channels.Email => !failed.FollowUp || BounceKinds.MarksAddressBad(failed.Bounce),
            Channels.Sms or Channels.Push => true,
            _ => false,
        };

    private async Task MarkAddressAsync(NotificationFailed failed)
    {
        var participant = await directory.FindAsync(failed.RecipientId);
        var address = failed.Channel switch
        {
            Channels.Email => participant?.Email,
            Channels.Sms => participant?.Phone,
            _ => null,
        };
        if (address is null)
        {
            logger.LogInformation("Notification {NotificationId} bounced ({Bounce}); {RecipientId} has no {Channel} address on record: nothing to mark",
                failed.NotificationId, failed.Bounce, failed.RecipientId, failed.Channel);
            return;
        }
        var marked = await marks.MarkAsync(failed.RecipientId, failed.Channel, address, failed.Bounce!, failed.FailedAt);
        logger.LogInformation("Notification {NotificationId} bounced ({Bounce}): the {Channel} address of {RecipientId} is marked bad{Repeat}",
            failed.NotificationId, failed.Bounce, failed.Channel, failed.RecipientId, marked ? "" : " (it was already)");
    }
}

public sealed class NotificationFailedConsumerDefinition : ConsumerDefinition<NotificationFailedConsumer>
{
    public NotificationFailedConsumerDefinition() => EndpointName = QueueNames.RouterOutcomes;
}
