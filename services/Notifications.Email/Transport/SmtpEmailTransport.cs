using MailKit.Net.Smtp;
using MimeKit;
using Microsoft.Extensions.Options;
using Notifications.Email.Settings;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Telemetry;

namespace Notifications.Email.Transport;

/// <summary>
/// Sends through an SMTP server with MailKit. Connections are expensive (TCP, TLS, AUTH), so each instance keeps
/// a small pool of connected clients (<c>Email:Smtp:MaxConnections</c>) and reuses them; at most that many sends
/// run at once. A pooled connection that idled too long or fails at the connection level is replaced.
/// </summary>
public sealed class SmtpEmailTransport : IEmailTransport, IAsyncDisposable
{
    public const string ProviderName = "smtp";

    private readonly SmtpOptions smtp;
    private readonly ILogger<SmtpEmailTransport> logger;
    private readonly SemaphoreSlim slots;
    private readonly Stack<(SmtpClient Client, long IdleSince)> idle = new();
    private readonly Lock idleLock = new();
    private int connectionsOpened;
    private bool disposed;

    public SmtpEmailTransport(IOptions<EmailOptions> options, ILogger<SmtpEmailTransport> logger)
    {
        smtp = options.Value.Smtp;
        this.logger = logger;
        slots = new SemaphoreSlim(smtp.MaxConnections, smtp.MaxConnections);
    }

    /// <summary>How many connections this instance opened so far (reuse keeps it far below the emails sent).</summary>
    public int ConnectionsOpened => Volatile.Read(ref connectionsOpened);

    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await slots.WaitAsync(cancellationToken);
        // The provider call: taking or opening a connection and the SMTP transaction, as one child span.
        using var call = ProviderCall.Start(ProviderName, "smtp send", email.NotificationId);
        try
        {
            var pooled = TakeIdle();
            if (pooled is not null)
            {
                try
                {
                    var provider = await SendOnAsync(pooled, email, cancellationToken);
                    call.Succeeded();
                    return provider;
                }
                catch (Exception failure) when (SmtpFailures.IsConnectionLevel(failure) && !cancellationToken.IsCancellationRequested)
                {
                    // The server may have closed an idle connection without our noticing: one more try on a new one.
                    logger.LogDebug("Pooled SMTP connection failed ({Error}); retrying notification {NotificationId} on a new connection",
                        failure.GetType().Name, email.NotificationId);
                }
            }

            var fresh = await ConnectAsync(cancellationToken);
            var sent = await SendOnAsync(fresh, email, cancellationToken);
            call.Succeeded();
            return sent;
        }
        catch (Exception failure) when (!(failure is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw SmtpFailures.Classify(failure, smtp);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Sends on a client, then pools it again unless the connection itself broke.</summary>
    private async Task<string> SendOnAsync(SmtpClient client, OutgoingEmail email, CancellationToken cancellationToken)
    {
        try
        {
            if (email.EnvelopeSender is { } sender)
                await client.SendAsync(email.Message, sender, RecipientsOf(email.Message), cancellationToken);
            else
                await client.SendAsync(email.Message, cancellationToken);
        }
        catch (Exception failure)
        {
            // After a refused command (4xx/5xx) MailKit resets the transaction and the connection stays usable.
            if (failure is SmtpCommandException && client.IsConnected)
                ReturnIdle(client);
            else
                await DiscardAsync(client);
            throw;
        }
        ReturnIdle(client);
        return ProviderName;
    }

    /// <summary>Whom MailKit would send to by default (To, Cc, Bcc), given explicitly when the envelope sender is.</summary>
    private static List<MailboxAddress> RecipientsOf(MimeKit.MimeMessage message) =>
        [.. message.To.Mailboxes, .. message.Cc.Mailboxes, .. message.Bcc.Mailboxes];

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(smtp.TimeoutSeconds).TotalMilliseconds };
        if (smtp.TrustedCertificateSha256 is { Length: > 0 } pinned)
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || IsPinned(certificate, pinned);
        try
        {
            await client.ConnectAsync(smtp.Host ?? "", smtp.Port, smtp.SecureSocketOptions, cancellationToken);
            // Authenticate only when configured: many relays inside a network accept mail without AUTH.
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                // Checked here because MailKit's own error would blame the security mode.
                if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                    throw new ProviderException(
                        $"The SMTP server {smtp.Host}:{smtp.Port} offers no authentication, but Email:Smtp:Username is set: unset it, or check Email:Smtp:Security (many servers offer AUTH only over TLS).",
                        permanent: true);
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }
        Interlocked.Increment(ref connectionsOpened);
        logger.LogDebug("Opened SMTP connection to {Host}:{Port}", smtp.Host, smtp.Port);
        return client;
    }

    private static bool IsPinned(System.Security.Cryptography.X509Certificates.X509Certificate? certificate, string sha256) =>
        certificate is not null && string.Equals(
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData())), sha256, StringComparison.OrdinalIgnoreCase);

    private SmtpClient? TakeIdle()
    {
        var expired = new List<SmtpClient>();
        SmtpClient? usable = null;
        lock (idleLock)
        {
            while (usable is null && idle.TryPop(out var entry))
            {
                var idleFor = TimeSpan.FromMilliseconds(Environment.TickCount64 - entry.IdleSince);
                if (entry.Client.IsConnected && idleFor < TimeSpan.FromSeconds(smtp.IdleTimeoutSeconds))
                    usable = entry.Client;
                else
                    expired.Add(entry.Client);
            }
        }
        foreach (var client in expired)
            _ = DiscardAsync(client);
        return usable;
    }

    private void ReturnIdle(SmtpClient client)
    {
        lock (idleLock)
        {
            if (!disposed)
            {
                idle.Push((client, Environment.TickCount64));
                return;
            }
        }
        _ = DiscardAsync(client);
    }

    private static async Task DiscardAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(quit: true, timeout.Token);
            }
        }
        catch (Exception)
        {
            // Closing a broken connection may fail as well; the socket is released by Dispose either way.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<SmtpClient> clients;
        lock (idleLock)
        {
            disposed = true;
            clients = idle.Select(entry => entry.Client).ToList();
            idle.Clear();
        }
        await Task.WhenAll(clients.Select(DiscardAsync));
    }
}
