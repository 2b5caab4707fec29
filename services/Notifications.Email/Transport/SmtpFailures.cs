using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Notifications.Contracts;
using Notifications.Email.Settings;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.Email.Transport;

/// <summary>
/// Turns what MailKit throws into a <see cref="ProviderException"/>: permanent when retrying cannot help (5xx
/// replies, rejected credentials), transient otherwise (4xx replies, network, TLS, timeouts). Reasons say what
/// to fix; they are logged, so they carry neither the password nor an email address.
/// </summary>
public static partial class SmtpFailures
{
    public static ProviderException Classify(Exception failure, SmtpOptions smtp) => failure switch
    {
        ProviderException provider => provider,
        SmtpCommandException command => FromCommand(command),
        AuthenticationException => new ProviderException(
            $"SMTP authentication failed at {Server(smtp)}: check Email:Smtp:Username and Email:Smtp:Password.", permanent: true, failure),
        ServiceNotAuthenticatedException => new ProviderException(
            $"The SMTP server {Server(smtp)} requires authentication: set Email:Smtp:Username and Email:Smtp:Password.", permanent: true, failure),
        SslHandshakeException => new ProviderException(
            $"TLS handshake with {Server(smtp)} failed (Email:Smtp:Security is {smtp.Security}): check Email:Smtp:Security and Email:Smtp:Port.", permanent: false, failure),
        SocketException socket => new ProviderException(
            $"Could not connect to SMTP server {Server(smtp)}: {Describe(socket.SocketErrorCode)}.", permanent: false, failure),
        NotSupportedException => new ProviderException(
            $"The SMTP server {Server(smtp)} does not support what Email:Smtp:Security={smtp.Security} needs: check Email:Smtp:Security.", permanent: false, failure),
        TimeoutException or OperationCanceledException => new ProviderException(
            $"The SMTP server {Server(smtp)} did not answer in time.", permanent: false, failure),
        SmtpProtocolException or ServiceNotConnectedException or IOException => new ProviderException(
            $"The connection to SMTP server {Server(smtp)} failed: {Redact(failure.Message)}", permanent: false, failure),
        _ => new ProviderException($"Sending through SMTP server {Server(smtp)} failed: {failure.GetType().Name}: {Redact(failure.Message)}", permanent: false, failure),
    };

    /// <summary>True for failures of the connection itself, after which a pooled client cannot be reused.</summary>
    public static bool IsConnectionLevel(Exception failure) =>
        failure is SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException;

    private static ProviderException FromCommand(SmtpCommandException command)
    {
        var status = (int)command.StatusCode;
        var permanent = status >= 500;
        var what = command.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => "rejected the recipient",
            SmtpErrorCode.SenderNotAccepted => "rejected the sender (check Email:From)",
            SmtpErrorCode.MessageNotAccepted => "rejected the message",
            _ => "answered unexpectedly",
        };
        var retry = permanent ? "" : "; will retry";
        return new ProviderException($"SMTP server {what}: {status} {Redact(command.Message)}{retry}", permanent, command,
            bounce: BounceOf(command));
    }

    /// <summary>
    /// A permanent refusal of the recipient whose enhanced status (RFC 3463) is 5.1.x (bad mailbox, bad domain, no such
    /// user) says the address itself is bad: a hard bounce. A bare 550 is not enough (RFC 5321 gives it for policy
    /// refusals too), and other refusals (the sender, the message, a policy, 5.7.x) say nothing about the address.
    /// </summary>
    public static string? BounceOf(SmtpCommandException command)
    {
        if (command.ErrorCode != SmtpErrorCode.RecipientNotAccepted || (int)command.StatusCode < 500)
            return null;
        var enhanced = EnhancedStatus().Match(command.Message ?? "");
        return enhanced.Success && enhanced.Groups[1].Value == "1" ? BounceKinds.Hard : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*5\.(\d{1,3})\.\d{1,3}\b")]
    private static partial System.Text.RegularExpressions.Regex EnhancedStatus();

    private static string Server(SmtpOptions smtp) => $"{smtp.Host}:{smtp.Port}";

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused (is the server running and Email:Smtp:Port right?)",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found (check Email:Smtp:Host)",
        SocketError.TimedOut => "connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
        SocketError.ConnectionReset => "connection reset by the server",
        _ => error.ToString(),
    };

    /// <summary>Servers often quote the address they refuse; reasons are logged, so addresses are masked.</summary>
    private static string Redact(string text) => PersonalDataRedaction.Redact(text).Trim();
}
