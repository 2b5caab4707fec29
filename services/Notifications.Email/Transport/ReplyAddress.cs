using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Contracts;
using Notifications.Signing;
using Notifications.SharedState.Replies;

namespace Notifications.Email.Transport;

/// <summary>
/// Gives a notification email its reply address when <c>Email:ReplyDomain</c> and <c>Email:ReplySigningKey</c> are set:
/// <c>Reply-To: reply+{token}@{Email:ReplyDomain}</c> (<see cref="ReplyToken"/>), one address per recipient and
/// conversation, so a reply lands in that conversation. The record behind the token (<see cref="ReplyRecordStore"/>) is
/// stored, or renewed, before the email leaves, so a reply can never arrive first. Digests carry no reply address: a
/// digest may cover several messages, and an answer to it is left to the chat link it holds.
/// </summary>
public sealed class ReplyAddress(IOptions<ReplyDomainOptions> replyDomain, ReplyRecordStore records)
{
    public const string ReplyToHeader = "Reply-To";

    /// <summary>Stores the record and returns the email with its <c>Reply-To</c>, or unchanged when no reply domain is configured.</summary>
    /// <exception cref="Exception">Redis could not store the record: the send is retried (a reply that cannot be mapped is not invited).</exception>
    public async Task<OutgoingEmail> ApplyAsync(OutgoingEmail email, NotificationRecipient recipient, string conversationId)
    {
        var options = replyDomain.Value;
        if (!options.Enabled || string.IsNullOrWhiteSpace(recipient.Email))
            return email;
        var key = options.ReplySigningKey!;
        await records.RecordAsync(ReplyToken.HandleOf(recipient.Id, conversationId),
            new ReplyRecord(recipient.Id, conversationId, email.Message.MessageId ?? "", ReplyToken.SenderHashOf(key, recipient.Email)));
        email.Message.ReplyTo.Clear();
        email.Message.ReplyTo.Add(new MailboxAddress("", ReplyToken.AddressOf(key, options.ReplyDomain!, recipient.Id, conversationId)));
        return email;
    }
}
