using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.Email.Settings;
using Notifications.Email.Templates;
using Notifications.SharedState.Ledger;
using Notifications.SharedState.Transcripts;

namespace Notifications.Email.Composition;

/// <summary>
/// Turns a <see cref="SendEmail"/> command, or a digest, into the MIME message to send, unsigned: the sender signs it
/// (<see cref="DkimSigning"/>) once the bounce and reply addresses are set too.
/// </summary>
public sealed class EmailComposer(IOptions<EmailOptions> options)
{
    /// <summary>Header that lets an operator find the notification of an email (and the pickup file name).</summary>
    public const string NotificationIdHeader = "X-Notification-Id";

    /// <summary>A per-message email with the configured settings and the built-in template.</summary>
    /// <exception cref="ProviderException">Permanent: the recipient has no usable email address.</exception>
    public MimeMessage Compose(SendEmail command) =>
        Compose(command, options.Value, DefaultTemplates.For(command.Recipient.Role == ParticipantRoles.Agent ? TemplateKey.Agent : TemplateKey.User, KindOf(command)));

    /// <summary>A command that answers for several notifications of one delay window is one grouped email.</summary>
    public static TemplateKind KindOf(SendEmail command) => command.Grouped.Count > 0 ? TemplateKind.Grouped : TemplateKind.Message;

    /// <summary>A per-message email with the settings and template in effect.</summary>
    /// <exception cref="ProviderException">Permanent: the recipient has no usable email address.</exception>
    public MimeMessage Compose(SendEmail command, EmailOptions email, EmailTemplate template) => command.Summary is { } summary
        ? Build(command.NotificationId, command.Recipient, command.Message.ConversationId, email,
            CatchUpEmail.Render(summary, command.Recipient, MergeValuesFactory.ConversationLink(command.Recipient.Role, command.Message.ConversationId, email.AdminBaseUrl)))
        : Build(command.NotificationId, command.Recipient, email, template, MergeValuesFactory.From(command, email.AdminBaseUrl));

    /// <summary>
    /// A digest: <paramref name="transcript"/> is every message since the recipient's last digest, oldest first.
    /// <c>{sender_name}</c>, <c>{message}</c> and <c>{attachments}</c> are those of the latest message not written by
    /// the recipient (else the latest message).
    /// </summary>
    /// <exception cref="ProviderException">Permanent: the recipient has no usable email address.</exception>
    public static MimeMessage ComposeDigest(string digestId, NotificationRecipient recipient, string conversationId,
        IReadOnlyList<TranscriptEntry> transcript, EmailOptions email, EmailTemplate template)
    {
        var latest = transcript.LastOrDefault(entry => entry.SenderId != recipient.Id) ?? transcript[^1];
        var values = new MergeValues
        {
            RecipientName = recipient.Name ?? "",
            SenderName = DisplayNames.SenderName(latest.SenderName, latest.SenderRole),
            SenderProfileImage = "",
            Message = latest.Text,
            Attachments = DisplayNames.Named(latest.Attachments),
            ConversationLink = MergeValuesFactory.ConversationLink(recipient.Role, conversationId, email.AdminBaseUrl),
            ConversationId = conversationId,
            Transcript = transcript,
        };
        return Build(digestId, recipient, email, template, values);
    }

    private static MimeMessage Build(string notificationId, NotificationRecipient recipient, EmailOptions email, EmailTemplate template, MergeValues values)
    {
        EnsureAddress(recipient);
        return Build(notificationId, recipient, values.ConversationId, email, TemplateRenderer.Render(template, values));
    }

    /// <exception cref="ProviderException">Permanent: the recipient has no usable email address.</exception>
    private static void EnsureAddress(NotificationRecipient recipient)
    {
        var recipientAddress = recipient.Email?.Trim();
        if (string.IsNullOrEmpty(recipientAddress))
            throw new ProviderException("The recipient has no email address: add one to the participant's directory entry.", permanent: true);
        if (!EmailAddress.IsValid(recipientAddress))
            throw new ProviderException("The recipient's email address is not a valid address: correct it in the participant's directory entry.", permanent: true);
    }

    private static MimeMessage Build(string notificationId, NotificationRecipient recipient, string conversationId, EmailOptions email, RenderedEmail rendered)
    {
        EnsureAddress(recipient);
        var recipientAddress = recipient.Email!.Trim();
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(HeaderSafe(email.FromName), email.EffectiveFrom));
        message.To.Add(new MailboxAddress(HeaderSafe(recipient.Name), recipientAddress));
        message.Subject = rendered.Subject;
        message.Date = DateTimeOffset.UtcNow;
        // The same notification always gets the same Message-Id, so mail systems can spot a duplicate.
        message.MessageId = MessageIdOf(notificationId);
        // Every email of one conversation to one recipient answers the same (never sent) thread root, so mail programs
        // show them as one thread. Gmail also needs equal subjects: the default subjects are stable per conversation.
        var thread = ThreadIdOf(recipient.Id, conversationId);
        message.InReplyTo = thread;
        message.References.Add(thread);
        message.Headers.Add(NotificationIdHeader, HeaderSafe(notificationId));
        AddUnsubscribeHeaders(message, recipient, email);

        // BodyBuilder makes multipart/alternative (text first, HTML last as the preferred part) when both exist.
        var body = new BodyBuilder { TextBody = rendered.TextBody, HtmlBody = rendered.HtmlBody };
        message.Body = body.ToMessageBody();
        // Not signed here: the sender adds the bounce and reply addresses first, then signs (DkimSigning).
        return message;
    }

    public const string ListUnsubscribeHeader = "List-Unsubscribe";
    public const string ListUnsubscribePostHeader = "List-Unsubscribe-Post";

    /// <summary>
    /// RFC 8058 one-click unsubscribe, on users' emails only (agents are the help desk's own staff): an https link on the
    /// gateway with a token signed for this participant and channel, a mailto when a mailbox is set, and
    /// <c>List-Unsubscribe-Post</c>, which tells the mail program it may POST the link without opening a page.
    /// </summary>
    private static void AddUnsubscribeHeaders(MimeMessage message, NotificationRecipient recipient, EmailOptions email)
    {
        var unsubscribe = email.Unsubscribe;
        if (recipient.Role != ParticipantRoles.User || !unsubscribe.Enabled)
            return;
        var link = $"<{unsubscribe.LinkFor(recipient.Id, Channels.Email)}>";
        var mailto = unsubscribe.MailtoFor(recipient.Id, Channels.Email);
        message.Headers.Add(ListUnsubscribeHeader, mailto is null ? link : $"{link}, <{mailto}>");
        message.Headers.Add(ListUnsubscribePostHeader, "List-Unsubscribe=One-Click");
    }

    /// <summary>A stable, opaque Message-Id: the notification id itself may hold characters a Message-Id cannot.</summary>
    public static string MessageIdOf(string notificationId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(notificationId));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "@notifications";
    }

    /// <summary>
    /// The thread root of one recipient's emails about one conversation: derived from the two ids (no state), opaque
    /// (a hash, so no id or address shows in the header), and unlike any <see cref="MessageIdOf"/>.
    /// </summary>
    public static string ThreadIdOf(string recipientId, string conversationId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("thread\n" + recipientId + "\n" + conversationId));
        return "thread-" + Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "@notifications";
    }

    private static string HeaderSafe(string? value) =>
        string.IsNullOrEmpty(value) ? "" : new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
}
