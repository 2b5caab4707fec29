using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Contracts;
using Notifications.EmailSender.Options;
using Notifications.EmailSender.Templates;
using Notifications.ServiceDefaults.Delivery;

namespace Notifications.EmailSender.Composition;

/// <summary>Turns a <see cref="SendEmail"/> command into the MIME message to send.</summary>
public sealed class EmailComposer(IOptions<EmailOptions> options)
{
    /// <summary>Header that lets an operator find the notification of an email (and the pickup file name).</summary>
    public const string NotificationIdHeader = "X-Notification-Id";

    /// <exception cref="ProviderException">Permanent: the recipient has no usable email address.</exception>
    public MimeMessage Compose(SendEmail command)
    {
        var email = options.Value;
        var recipientAddress = command.Recipient.Email?.Trim();
        if (string.IsNullOrEmpty(recipientAddress))
            throw new ProviderException("The recipient has no email address: add one to the participant's directory entry.", permanent: true);
        if (!EmailAddress.IsValid(recipientAddress))
            throw new ProviderException("The recipient's email address is not a valid address: correct it in the participant's directory entry.", permanent: true);

        var rendered = TemplateRenderer.Render(TemplateFor(command.Recipient.Role), MergeValuesFactory.From(command, email.AdminBaseUrl));

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(HeaderSafe(email.FromName), email.EffectiveFrom));
        message.To.Add(new MailboxAddress(HeaderSafe(command.Recipient.Name), recipientAddress));
        message.Subject = rendered.Subject;
        message.Date = DateTimeOffset.UtcNow;
        // The same notification always gets the same Message-Id, so mail systems can spot a duplicate.
        message.MessageId = MessageIdOf(command.NotificationId);
        message.Headers.Add(NotificationIdHeader, HeaderSafe(command.NotificationId));

        // BodyBuilder makes multipart/alternative (text first, HTML last as the preferred part) when both exist.
        var body = new BodyBuilder { TextBody = rendered.TextBody, HtmlBody = rendered.HtmlBody };
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>Agents and users read different templates; the router only addresses these two roles by email.</summary>
    private static EmailTemplate TemplateFor(string role) => role switch
    {
        ParticipantRoles.Agent => DefaultTemplates.AgentMessage,
        _ => DefaultTemplates.UserMessage,
    };

    /// <summary>A stable, opaque Message-Id: the notification id itself may hold characters a Message-Id cannot.</summary>
    public static string MessageIdOf(string notificationId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(notificationId));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "@notifications";
    }

    private static string HeaderSafe(string? value) =>
        string.IsNullOrEmpty(value) ? "" : new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
}
