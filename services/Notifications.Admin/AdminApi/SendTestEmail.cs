using Microsoft.Extensions.Options;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using Notifications.Email.Transport;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.Admin.AdminApi;

/// <summary>The outcome of a test email: <see cref="Failure"/> says what kind of problem, <see cref="Error"/> exactly which.</summary>
public sealed record TestEmailResult(bool Ok, string? Provider, string? Failure, string? Error);

/// <summary>
/// Sends a test email with the settings in effect, on a connection of its own (not the pool), so that what
/// fails is reported as it is: DNS, connection refused, TLS, authentication, rejected recipient.
/// </summary>
public sealed class SendTestEmail(EmailSettingsStore settings, ILoggerFactory loggers)
{
    public const string InvalidAddress = "invalid-address";

    public async Task<TestEmailResult> SendAsync(string? to, CancellationToken cancellationToken)
    {
        var address = to?.Trim();
        if (!EmailAddress.IsValid(address))
            return new TestEmailResult(false, null, InvalidAddress, "\"to\" must be an email address (local@domain).");

        var email = await settings.GetEffectiveAsync();
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(email.FromName ?? "", email.EffectiveFrom));
        message.To.Add(MailboxAddress.Parse(address!));
        message.Subject = "Test email from the notification service";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("notifications");
        message.Body = new TextPart("plain")
        {
            Text = email.UsesSmtp
                ? $"This test email was sent through {email.Smtp.Host}:{email.Smtp.Port} ({email.Smtp.Security}). Email notifications can be delivered."
                : "This test email was written to the pickup directory: no SMTP host is configured.",
        };

        var logger = loggers.CreateLogger<SendTestEmail>();
        var id = "test-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            string provider;
            if (email.UsesSmtp)
            {
                await using var transport = new SmtpEmailTransport(
                    Options.Create(EmailSettingsStore.Apply(email, new RuntimeEmailSettings())),
                    loggers.CreateLogger<SmtpEmailTransport>());
                provider = await transport.SendAsync(new OutgoingEmail(id, "admin-test", message), cancellationToken);
            }
            else
            {
                provider = await new PickupDirectoryEmailTransport(Options.Create(email))
                    .SendAsync(new OutgoingEmail(id, "admin-test", message), cancellationToken);
            }
            logger.LogInformation("Test email {Id} sent to {To} via {Provider}", id, EmailMasking.Mask(address), provider);
            return new TestEmailResult(true, provider, null, null);
        }
        catch (ProviderException failure)
        {
            var kind = KindOf(failure);
            logger.LogWarning("Test email {Id} to {To} failed ({Failure}): {Error}", id, EmailMasking.Mask(address), kind, failure.Message);
            return new TestEmailResult(false, null, kind, failure.Message);
        }
    }

    /// <summary>The kind of failure, from what MailKit or the network reported.</summary>
    public static string KindOf(ProviderException failure)
    {
        var cause = failure.InnerException;
        while (cause is ProviderException { InnerException: { } inner })
            cause = inner;
        return cause switch
        {
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => "dns",
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection-refused",
            SocketException { SocketErrorCode: SocketError.TimedOut } => "timeout",
            SocketException => "connection",
            SslHandshakeException or NotSupportedException => "tls",
            AuthenticationException or ServiceNotAuthenticatedException => "authentication",
            SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } => "recipient-rejected",
            SmtpCommandException { ErrorCode: SmtpErrorCode.SenderNotAccepted } => "sender-rejected",
            SmtpCommandException => "smtp-rejected",
            TimeoutException or OperationCanceledException => "timeout",
            null when failure.Message.Contains("authentication", StringComparison.OrdinalIgnoreCase) => "authentication",
            _ => "connection",
        };
    }
}
