using Microsoft.Extensions.Options;
using Notifications.Email.Settings;

namespace Notifications.Email.Transport;

/// <summary>
/// The transport for the settings in effect. The SMTP pool is kept while the SMTP settings stay the same and
/// rebuilt when they change at run time (the old pool's idle connections are closed; sends in flight finish).
/// </summary>
public sealed class EmailTransports(ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private (string Fingerprint, SmtpEmailTransport Transport)? smtp;
    private (string Directory, PickupDirectoryEmailTransport Transport)? pickup;

    public IEmailTransport For(EmailOptions email)
    {
        if (!email.UsesSmtp)
        {
            lock (gate)
            {
                if (pickup is not { } current || current.Directory != email.PickupDirectory)
                    pickup = current = (email.PickupDirectory, new PickupDirectoryEmailTransport(Options.Create(email)));
                return current.Transport;
            }
        }

        var fingerprint = Fingerprint(email.Smtp);
        SmtpEmailTransport? replaced = null;
        SmtpEmailTransport transport;
        lock (gate)
        {
            if (smtp is { } current && current.Fingerprint == fingerprint)
                return current.Transport;
            replaced = smtp?.Transport;
            transport = new SmtpEmailTransport(Options.Create(email), loggers.CreateLogger<SmtpEmailTransport>());
            smtp = (fingerprint, transport);
        }
        if (replaced is not null)
        {
            loggers.CreateLogger<EmailTransports>().LogInformation("SMTP settings changed: now sending through {Host}:{Port} ({Security})",
                email.Smtp.Host, email.Smtp.Port, email.Smtp.Security);
            _ = replaced.DisposeAsync().AsTask();
        }
        return transport;
    }

    /// <summary>
    /// What identifies a pool: every SMTP value (serialized whole, so a new key such as the pinned certificate
    /// also rebuilds the pool), with the password present only as a hash.
    /// </summary>
    private static string Fingerprint(SmtpOptions smtp)
    {
        var identity = smtp.Copy();
        identity.Password = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(smtp.Password ?? "")));
        return System.Text.Json.JsonSerializer.Serialize(identity);
    }

    public async ValueTask DisposeAsync()
    {
        SmtpEmailTransport? current;
        lock (gate)
        {
            current = smtp?.Transport;
            smtp = null;
        }
        if (current is not null)
            await current.DisposeAsync();
    }
}
