using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using Notifications.Email.Digest;
using Notifications.Email.Templates;
using Notifications.Email.Transport;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.Presence;

namespace Notifications.EmailSender.Consumers;

/// <summary>
/// Emails one recipient about one chat message, with the settings and template in effect. Delivery
/// (idempotency, retries, the result events) is <see cref="NotificationDelivery"/>'s job. In digest mode the
/// notification is queued for the next digest instead, and its result is published when that goes out.
/// </summary>
public sealed class SendEmailConsumer(
    EmailComposer composer,
    EmailTransports transports,
    EmailSettingsStore settings,
    TemplateStore templates,
    DigestStore digests,
    NotificationDelivery delivery,
    DeliveryOutcomes outcomes,
    PresenceReader presence,
    DeliveryLedger ledger,
    BounceEnvelope bounceEnvelope,
    ReplyAddress replyAddress,
    IOptions<EmailOptions> options,
    ILogger<SendEmailConsumer> logger) : IConsumer<SendEmail>
{
    private static readonly SendEmailValidator Validator = new();

    public async Task Consume(ConsumeContext<SendEmail> context)
    {
        var command = context.Message;
        Validator.EnsureValid(command);

        var email = await settings.GetEffectiveAsync();
        if (email.Digest.Enabled)
        {
            // A grouped command goes back to its single notifications: the digest lists the conversation itself.
            var queued = false;
            foreach (var single in SingleNotifications(command))
                queued |= await digests.EnqueueAsync(single);
            logger.LogInformation(queued
                ? "Notification {NotificationId} to {RecipientId} queued for the next digest of conversation {ConversationId}"
                : "Notification {NotificationId} to {RecipientId} was handled before; redelivery acknowledged ({ConversationId})",
                command.NotificationId, command.Recipient.Id, command.Message.ConversationId);
            return;
        }

        if (command.OnlyWhileOffline && options.Value.CancelIfOnline && await presence.IsOnlineAsync(command.Recipient.Id))
        {
            await CancelBecauseReadAsync(context, command);
            return;
        }

        // Composing inside the send function: a missing or bad address is a permanent NotificationFailed the
        // router can act on, not a message in the error queue.
        var ticket = DeliveryTicket.Of(command);
        await delivery.DeliverAsync(context, ticket, async cancellationToken =>
        {
            var template = await templates.ResolveAsync(command.Recipient.Role, EmailComposer.KindOf(command), command.Recipient.Locale);
            var message = composer.Compose(command, email, template.Template);
            // A grouped email's bounce names its first notification, whose Message-ID it carries too.
            var outgoing = await bounceEnvelope.ApplyAsync(new OutgoingEmail(command.NotificationId, command.Recipient.Id, message), ticket.Subjects[0].Subject);
            outgoing = await replyAddress.ApplyAsync(outgoing, command.Recipient, command.Message.ConversationId);
            // Signed last, so the signature covers the Reply-To and no header changes after it.
            DkimSigning.SignIfConfigured(outgoing.Message, email.Dkim);
            return await transports.For(email).SendAsync(outgoing, cancellationToken);
        });
    }

    /// <summary>
    /// The recipient came online before the email went out: they read the message in the chat. Every way out ends in
    /// one outcome: suppressed here, already handled (its outcome is out), sent before (the delivery pipeline publishes
    /// it), or held by another consumer right now (retried, never acknowledged without an outcome).
    /// </summary>
    private async Task CancelBecauseReadAsync(ConsumeContext<SendEmail> context, SendEmail command)
    {
        var claimToken = Guid.NewGuid().ToString("N");
        switch (await ledger.TryClaimAsync(command.NotificationId, claimToken, TimeSpan.FromMinutes(1)))
        {
            case LedgerClaim.AlreadyFinished:
                return;
            case LedgerClaim.SentNotAnnounced:
                // Only a notification not handled before is dropped: a sent one stays sent, and its outcome is published.
                await delivery.DeliverAsync(context, DeliveryTicket.Of(command), _ => throw new InvalidOperationException("sent before; not sent again"));
                return;
            case LedgerClaim.HeldElsewhere:
                throw new ProviderException($"Notification {command.NotificationId} is being sent by another consumer; retrying later.", permanent: false);
        }
        logger.LogInformation("Notification {NotificationId} dropped: {RecipientId} is online now (Email:CancelIfOnline)",
            command.NotificationId, command.Recipient.Id);
        // Published before it is marked finished, so a publish that fails is retried rather than lost.
        try
        {
            await Task.WhenAll(DeliveryTicket.Of(command).Subjects.Select(each =>
                outcomes.SuppressedAsync(context, each.Subject, DigestFlusher.RecipientRead, command.Rule)));
        }
        catch
        {
            await ledger.ReleaseAsync(command.NotificationId, claimToken);
            throw;
        }
        await ledger.MarkFinishedAsync(command.NotificationId);
    }

    private static IEnumerable<SendEmail> SingleNotifications(SendEmail command) =>
        [command with { Grouped = [] }, .. command.Grouped.Select(grouped => command with { NotificationId = grouped.NotificationId, Message = grouped.Message, Grouped = [] })];
}
