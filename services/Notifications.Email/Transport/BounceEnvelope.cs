using System.Text.Json;
using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Signing;
using Notifications.SharedState.Bounces;

namespace Notifications.Email.Transport;

/// <summary>
/// Gives an email its own bounce address when <c>Email:ReplyDomain</c> and <c>Email:ReplySigningKey</c> are set:
/// the envelope sender (MAIL FROM) and <c>Return-Path</c> become <c>bounce+{token}@{Email:ReplyDomain}</c>
/// (<see cref="BounceToken"/>), so a DSN that comes back days later names the notification it concerns, and the
/// notification's ids are stored under the token (<see cref="BounceRecordStore"/>) before the email leaves. The
/// email also carries <c>X-SMTPAPI</c> with <c>unique_args</c> (the notification id and the token), which SendGrid
/// strips from the email and returns as fields of each Event Webhook event. Without a reply domain the email is
/// left as it is: bounces go to <c>Email:From</c>, and neither a DSN nor a SendGrid event can be mapped back.
/// </summary>
public sealed class BounceEnvelope(IOptions<ReplyDomainOptions> replyDomain, BounceRecordStore records)
{
    public const string ReturnPathHeader = "Return-Path";
    public const string SendGridSmtpApiHeader = "X-SMTPAPI";

    /// <summary>The <c>unique_args</c> field names SendGrid echoes back as top-level event fields.</summary>
    public const string NotificationIdArgument = "notification_id";
    public const string BounceTokenArgument = "bounce_token";

    public bool Enabled => replyDomain.Value.Enabled;

    /// <summary>
    /// Stores the record and returns the email with its bounce address (the same message, its headers set), or the
    /// email unchanged when no reply domain is configured.
    /// </summary>
    /// <exception cref="Exception">Redis could not store the record: the send is retried (an email whose bounce cannot be mapped is not sent).</exception>
    public async Task<OutgoingEmail> ApplyAsync(OutgoingEmail email, OutcomeSubject subject)
    {
        var options = replyDomain.Value;
        if (!options.Enabled)
            return email;
        var token = BounceToken.Create(options.ReplySigningKey!, subject.NotificationId);
        await records.RecordAsync(BounceToken.HandleOf(subject.NotificationId),
            new BounceRecord(subject.NotificationId, subject.Channel, subject.RecipientId, subject.ConversationId, subject.MessageId));

        var address = $"{BounceToken.LocalPartPrefix}{token}@{options.ReplyDomain!.Trim()}";
        var headers = email.Message.Headers;
        headers.RemoveAll(ReturnPathHeader);
        headers.Add(ReturnPathHeader, $"<{address}>");
        headers.RemoveAll(SendGridSmtpApiHeader);
        headers.Add(SendGridSmtpApiHeader, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["unique_args"] = new Dictionary<string, string> { [NotificationIdArgument] = subject.NotificationId, [BounceTokenArgument] = token },
        }));
        return email with { EnvelopeSender = new MailboxAddress("", address) };
    }
}
