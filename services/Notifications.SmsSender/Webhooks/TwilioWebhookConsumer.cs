using System.Text.RegularExpressions;
using MassTransit;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.ProviderSettings;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Webhooks;

/// <summary>
/// The Twilio webhooks the gateway verified (<see cref="TwilioWebhookReceived"/> on <c>sms-webhooks</c>): a status
/// callback of a sent SMS is published as its delivery result, a reply as <see cref="SmsReplyReceived"/>, a STOP or
/// START (<see cref="SmsKeywords"/>) as <see cref="ParticipantOptedOut"/> or <see cref="ParticipantOptedIn"/>. Each is
/// mapped back through <see cref="ISmsThreadStore"/> and acted on once (<see cref="WebhookReplayGuard"/>); a failure
/// forgets the webhook and throws, so its redelivery is processed.
/// </summary>
public sealed partial class TwilioWebhookConsumer(ISmsThreadStore threads, WebhookReplayGuard replays, DeliveryOutcomes outcomes,
    ILogger<TwilioWebhookConsumer> logger) : IConsumer<TwilioWebhookReceived>
{
    public Task Consume(ConsumeContext<TwilioWebhookReceived> context) => context.Message.Kind switch
    {
        TwilioWebhookKinds.Status => StatusAsync(context),
        TwilioWebhookKinds.Inbound => InboundAsync(context),
        var other => throw new InvalidMessageException($"TwilioWebhookReceived.Kind '{other}' is neither 'status' nor 'inbound'."),
    };

    private async Task StatusAsync(ConsumeContext<TwilioWebhookReceived> context)
    {
        var form = context.Message.Form;
        var sid = form.GetValueOrDefault("MessageSid", "");
        var status = form.GetValueOrDefault("MessageStatus", "").ToLowerInvariant();
        if (status is not ("delivered" or "undelivered" or "failed"))
            return; // queued, sending, sent: not a result yet

        var thread = string.IsNullOrEmpty(sid) ? null : await threads.FindByMessageSidAsync(sid);
        if (thread is null)
        {
            logger.LogInformation("Twilio status {Status} for an unknown SMS {MessageSid}: ignored", status, sid);
            return;
        }
        if (!await replays.FirstTimeAsync("status", sid, status))
        {
            logger.LogInformation("Twilio status {Status} for {MessageSid} was already processed: replay ignored", status, sid);
            return;
        }
        try
        {
            await PublishStatusAsync(context, status, thread);
        }
        catch
        {
            await replays.ForgetAsync("status", sid, status);
            throw;
        }
    }

    private async Task PublishStatusAsync(ConsumeContext<TwilioWebhookReceived> context, string status, SmsThread thread)
    {
        var subject = new OutcomeSubject(thread.NotificationId, Channels.Sms, thread.RecipientId, thread.ConversationId, thread.MessageId);
        if (status == "delivered")
        {
            await outcomes.ConfirmedDeliveredAsync(context, subject, TwilioSmsProvider.ProviderName, context.CancellationToken);
            return;
        }
        var code = context.Message.Form.GetValueOrDefault("ErrorCode", "");
        var errorCode = Digits().IsMatch(code) ? code : null;
        var reason = errorCode is null
            ? $"Twilio reported the SMS as {status}"
            : $"Twilio reported the SMS as {status} (Twilio error {errorCode}, see https://www.twilio.com/docs/api/errors/{errorCode})";
        logger.LogWarning("Notification {NotificationId}: {Reason}", thread.NotificationId, reason);
        // Learnt after the send was counted as sent: FailedAsync counts the failure too, or dashboards never see it.
        await outcomes.FailedAsync(context, subject, reason, permanent: true, TwilioSmsProvider.ProviderName, context.CancellationToken);
    }

    private async Task InboundAsync(ConsumeContext<TwilioWebhookReceived> context)
    {
        var form = context.Message.Form;
        var from = form.GetValueOrDefault("From", "").Trim();
        var sid = form.GetValueOrDefault("MessageSid", "");
        var thread = PhoneNumbers.IsE164(from) ? await threads.FindByNumberAsync(from) : null;
        if (thread is null)
        {
            // Twilio was answered by the gateway (so it does not retry or alert); nothing reaches the chat.
            logger.LogInformation("SMS {MessageSid} from unknown number {From}: no participant was texted from here, reply dropped",
                sid, PhoneMasking.Mask(from));
            return;
        }
        if (!await replays.FirstTimeAsync("inbound", sid))
        {
            logger.LogInformation("SMS reply {MessageSid} was already published: replay ignored", sid);
            return;
        }
        try
        {
            // STOP and START are Twilio's keywords, not words for the chat: they change what the participant receives.
            var body = form.GetValueOrDefault("Body", "");
            if (SmsKeywords.IsOptOut(body) || SmsKeywords.IsOptIn(body))
            {
                await PublishOptChangeAsync(context, thread, from, optOut: SmsKeywords.IsOptOut(body));
                return;
            }
            await context.Publish(new SmsReplyReceived
            {
                NotificationId = thread.NotificationId,
                RecipientId = thread.RecipientId,
                ConversationId = thread.ConversationId,
                Text = form.GetValueOrDefault("Body", ""),
                ProviderMessageId = sid,
                ReceivedAt = context.Message.ReceivedAt,
            }, context.CancellationToken);
        }
        catch
        {
            await replays.ForgetAsync("inbound", sid);
            throw;
        }
        logger.LogInformation("SMS reply {MessageSid} from {RecipientId} published to conversation {ConversationId}",
            sid, thread.RecipientId, thread.ConversationId);
    }

    private async Task PublishOptChangeAsync(ConsumeContext<TwilioWebhookReceived> context, SmsThread thread, string from, bool optOut)
    {
        if (optOut)
            await context.Publish(new ParticipantOptedOut
            {
                ParticipantId = thread.RecipientId, Channel = Channels.Sms, Address = from, Reason = OptOutReasons.SmsStop, At = context.Message.ReceivedAt,
            }, context.CancellationToken);
        else
            await context.Publish(new ParticipantOptedIn
            {
                ParticipantId = thread.RecipientId, Channel = Channels.Sms, Address = from, Reason = OptOutReasons.SmsStart, At = context.Message.ReceivedAt,
            }, context.CancellationToken);
        logger.LogInformation("SMS {Keyword} from {RecipientId} ({From}): {Change} published", optOut ? "STOP" : "START", thread.RecipientId,
            PhoneMasking.Mask(from), optOut ? nameof(ParticipantOptedOut) : nameof(ParticipantOptedIn));
    }

    [GeneratedRegex("^[0-9]{1,10}$")]
    private static partial Regex Digits();
}
