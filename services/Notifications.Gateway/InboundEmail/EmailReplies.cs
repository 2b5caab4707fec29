using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Contracts;
using Notifications.Gateway.EmailEvents;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.SharedState.Replies;
using Notifications.Signing;

namespace Notifications.Gateway.InboundEmail;

public enum EmailReplyStatus
{
    /// <summary>EmailReplyReceived was published (or had been, for a mail posted again).</summary>
    Published,

    /// <summary>The reply address is forged, malformed, or names no email sent in the last 30 days.</summary>
    Refused,

    /// <summary>An automatic answer (out of office, vacation): not a message for the chat.</summary>
    Ignored,
}

/// <param name="Detail">What was done and why, for the log and the endpoint's answer (no address, no text, no secret).</param>
public sealed record EmailReplyOutcome(EmailReplyStatus Status, string? ConversationId, string Detail);

/// <summary>
/// A mail to a reply address (<c>reply+{token}@{Email:ReplyDomain}</c>) becomes one <see cref="EmailReplyReceived"/>:
/// the token's signature is checked (<see cref="ReplyToken"/>) and its record read (<see cref="ReplyRecordStore"/>),
/// which names the participant and conversation; the text is stripped of its quote and signature (<see cref="ReplyText"/>);
/// <c>senderVerified</c> says whether From is the address the email went to (case ignored); attachments are carried up
/// to <c>Email:Inbound:MaxAttachmentBytes</c> each, larger ones listed with no content. Published once per inbound
/// Message-ID (<see cref="EmailEventClaims"/>, source <c>reply</c>), however often the mail is posted. An automatic
/// answer (<see cref="AutomaticAnswer"/>) publishes nothing: an out-of-office note is not a chat message.
/// </summary>
public sealed class EmailReplies(
    IOptions<ReplyDomainOptions> replyDomain,
    IOptions<InboundMailOptions> inbound,
    ReplyRecordStore records,
    EmailEventClaims claims,
    IPublishEndpoint broker,
    TimeProvider clock,
    ILogger<EmailReplies> logger)
{
    public const string Source = "reply";

    private static readonly Counter<long> Refused = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.gateway.email_replies.refused", description: "Mail to a reply address refused, by reason (forged, malformed, unknown)");

    /// <exception cref="Exception">Redis or the broker could not be reached: the caller answers so that the mail is posted again.</exception>
    public async Task<EmailReplyOutcome> HandleAsync(MimeMessage message, string replyAddress, CancellationToken cancellationToken)
    {
        var options = replyDomain.Value;
        var handle = ReplyToken.Read(options.ReplySigningKey!, ReplyToken.TokenOfAddress(replyAddress), out var forged, out var problem);
        if (handle is null)
            return Refuse(forged ? "forged" : "malformed", problem!);
        if (await records.FindAsync(handle) is not { } record)
            return Refuse("unknown", $"No email with this reply address was sent in the last {ReplyRecordStore.Retention.TotalDays:0} days.");

        if (AutomaticAnswer.Is(message))
        {
            logger.LogInformation("Automatic answer to the reply address of {ParticipantId} in conversation {ConversationId} ignored", record.ParticipantId, record.ConversationId);
            return new EmailReplyOutcome(EmailReplyStatus.Ignored, record.ConversationId, "The mail is an automatic answer (Auto-Submitted, Precedence or X-Autoreply): nothing is posted to the chat.");
        }

        var mailId = InboundMailId.Of(message);
        switch (await claims.TryClaimAsync(Source, mailId))
        {
            case EventClaim.Done:
                return new EmailReplyOutcome(EmailReplyStatus.Published, record.ConversationId, "This reply was published before.");
            case EventClaim.InFlight:
                throw new InvalidOperationException("This reply is being published by another request now; post it again later.");
        }
        var reply = ReplyOf(message, record, mailId, options.ReplySigningKey!);
        try
        {
            await broker.Publish(reply, cancellationToken);
        }
        catch
        {
            await claims.ReleaseAsync(Source, mailId);
            throw;
        }
        await claims.CompleteAsync(Source, mailId);
        logger.LogInformation("Email reply from {ParticipantId} published to conversation {ConversationId} (sender verified: {SenderVerified}, {Attachments} attachments)",
            record.ParticipantId, record.ConversationId, reply.SenderVerified, reply.Attachments.Count);
        return new EmailReplyOutcome(EmailReplyStatus.Published, record.ConversationId, "Published the reply.");
    }

    private EmailReplyOutcome Refuse(string reason, string detail)
    {
        Refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
        logger.LogWarning("Mail to a reply address refused ({Reason}): {Problem}", reason, detail);
        return new EmailReplyOutcome(EmailReplyStatus.Refused, null, detail);
    }

    private EmailReplyReceived ReplyOf(MimeMessage message, ReplyRecord record, string mailId, string key)
    {
        var from = message.From.Mailboxes.FirstOrDefault()?.Address;
        return new EmailReplyReceived
        {
            ParticipantId = record.ParticipantId,
            ConversationId = record.ConversationId,
            Text = ReplyText.Of(message),
            ReceivedAt = clock.GetUtcNow(),
            InReplyTo = string.IsNullOrWhiteSpace(message.InReplyTo) ? null : message.InReplyTo,
            SenderVerified = from is not null && ReplyToken.SenderHashOf(key, from) == record.SenderHash,
            InboundMessageId = string.IsNullOrWhiteSpace(message.MessageId) ? mailId : message.MessageId,
            Attachments = AttachmentsOf(message, inbound.Value.MaxAttachmentBytes),
        };
    }

    private static List<EmailReplyAttachment> AttachmentsOf(MimeMessage message, int maxBytes)
    {
        var attachments = new List<EmailReplyAttachment>();
        foreach (var entity in message.Attachments)
        {
            using var content = new MemoryStream();
            string name;
            if (entity is MessagePart attached)
            {
                attached.Message?.WriteTo(content);
                name = entity.ContentDisposition?.FileName ?? "message.eml";
            }
            else if (entity is MimePart part)
            {
                part.Content?.DecodeTo(content);
                name = part.FileName ?? "attachment";
            }
            else
                continue;
            attachments.Add(new EmailReplyAttachment
            {
                Name = name,
                ContentType = entity.ContentType.MimeType,
                Size = content.Length,
                Content = content.Length <= maxBytes ? content.ToArray() : null,
            });
        }
        return attachments;
    }
}
