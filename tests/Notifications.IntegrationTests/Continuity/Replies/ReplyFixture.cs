using System.Security.Cryptography;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using MimeKit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.IntegrationTests.Continuity.Replies;

/// <summary>
/// The real email sender and the real gateway with the reply domain set (<see cref="ReplyDomainFixture"/>: each email
/// carries its Reply-To), every inbound form's credential configured (the MTA pipe's secret, SendGrid Inbound Parse's
/// Basic credentials, Mailgun's signing key) and a DKIM key, so each email is signed as a receiver checks it. The SMTP
/// server's accepted emails are the ones a participant would answer.
/// </summary>
public sealed class ReplyFixture : ReplyDomainFixture
{
    public const string SendGridUser = "sendgrid-inbound";
    public const string SendGridPassword = "integration-sendgrid-password-0123456789abcdef";
    public const string MailgunKey = "integration-mailgun-signing-key-0123456789abcdef";
    public const int MaxAttachmentBytes = 2048;
    public const string DkimDomain = "helpdesk.test";
    public const string DkimSelector = "notify";

    /// <summary>Long enough for a post sent again to have published a second reply if it were going to.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1.5);

    /// <summary>The DKIM key the email sender signs with; its public half is what a receiver finds in DNS.</summary>
    public RSA DkimKey { get; } = RSA.Create(2048);

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Email:Inbound:MaxAttachmentBytes"] = MaxAttachmentBytes.ToString(),
        ["Email:Inbound:SendGrid:Username"] = SendGridUser,
        ["Email:Inbound:SendGrid:Password"] = SendGridPassword,
        ["Email:Inbound:Mailgun:SigningKey"] = MailgunKey,
        ["Email:Dkim:Domain"] = DkimDomain,
        ["Email:Dkim:Selector"] = DkimSelector,
        ["Email:Dkim:PrivateKeyPem"] = DkimKey.ExportRSAPrivateKeyPem(),
    };

    /// <summary>An email the participant at <paramref name="address"/> received, their answer to it and where the answer goes.</summary>
    public async Task<AnsweredEmail> AnsweredEmailAsync(string address, string answer)
    {
        var (command, email) = await SendEmailAsync(address);
        return new AnsweredEmail(command, email, ReplyTo(email, address, answer), email.ReplyTo.Mailboxes.Single().Address);
    }

    /// <summary>The one reply published for <paramref name="reply"/>, once the posts of it have had time to publish more.</summary>
    public async Task<EmailReplyReceived> PublishedOnceAsync(MimeMessage reply)
    {
        await Eventually.TrueAsync(() => Outcomes.EmailReplies.Any(r => r.InboundMessageId == reply.MessageId), "EmailReplyReceived");
        await Task.Delay(SettleTime);
        return Assert.Single(Outcomes.EmailReplies, r => r.InboundMessageId == reply.MessageId);
    }

    /// <summary>Sends one email notification through the real email sender and returns it as the participant received it.</summary>
    public async Task<(SendEmail Command, MimeMessage Email)> SendEmailAsync(string address, string? recipientId = null, string? conversationId = null)
    {
        var messageId = $"m-{Guid.NewGuid():N}";
        var recipient = recipientId ?? $"user-reply-{Guid.NewGuid():N}"[..30];
        var command = new SendEmail
        {
            NotificationId = $"{messageId}:{recipient}:email",
            Rule = "A2",
            Recipient = new NotificationRecipient { Id = recipient, Role = ParticipantRoles.Agent, Name = "Ada Reply", Email = address },
            Message = new NotifiedMessage
            {
                MessageId = messageId,
                ConversationId = conversationId ?? $"c-{Guid.NewGuid():N}",
                Sender = new MessageSender { Id = "user-bo", Role = ParticipantRoles.User, Name = "Bo" },
                Text = $"Is my order on its way? {messageId}",
                PostedAt = DateTimeOffset.UtcNow,
            },
        };
        await Platform.SendToQueueAsync(QueueNames.SendEmail, command);
        await Eventually.TrueAsync(() => Smtp.Accepted.Any(e => (e.Message.TextBody ?? "").Contains(messageId)), "the email at the SMTP server");
        return (command, Smtp.Accepted.First(e => (e.Message.TextBody ?? "").Contains(messageId)).Message);
    }

    /// <summary>The participant's answer to <paramref name="email"/>, as a mail program writes it: new text over the quoted email.</summary>
    public static MimeMessage ReplyTo(MimeMessage email, string from, string newText, params (string Name, int Size)[] attachments)
    {
        var reply = new MimeMessage();
        reply.From.Add(MailboxAddress.Parse(from));
        reply.To.AddRange(email.ReplyTo);
        reply.Subject = "Re: " + email.Subject;
        reply.MessageId = $"{Guid.NewGuid():N}@mail.example.org";
        reply.InReplyTo = email.MessageId;
        var quoted = string.Join("\n", (email.TextBody ?? "").Split('\n').Select(line => "> " + line.TrimEnd('\r')));
        var body = new BodyBuilder { TextBody = $"{newText}\n\nOn Thu, Dec 3, 2026 at 9:58 AM Helpdesk <notifications@helpdesk.test> wrote:\n\n{quoted}\n" };
        foreach (var (name, size) in attachments)
            body.Attachments.Add(name, Enumerable.Range(0, size).Select(i => (byte)(i % 251)).ToArray(), new ContentType("application", "octet-stream"));
        reply.Body = body.ToMessageBody();
        return reply;
    }

    public static byte[] Raw(MimeMessage mail)
    {
        using var stream = new MemoryStream();
        mail.WriteTo(stream);
        return stream.ToArray();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        DkimKey.Dispose();
    }
}

/// <summary>An email as the participant received it, their answer, and the reply address the answer is sent to.</summary>
public sealed record AnsweredEmail(SendEmail Command, MimeMessage Email, MimeMessage Reply, string ReplyAddress);

[CollectionDefinition(Name)]
public sealed class ReplyCollection : ICollectionFixture<ReplyFixture>
{
    public const string Name = "email-replies";
}
