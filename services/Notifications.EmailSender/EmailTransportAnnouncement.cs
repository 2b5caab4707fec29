using Microsoft.Extensions.Options;
using Notifications.Email.Composition;
using Notifications.Email.Settings;

namespace Notifications.EmailSender;

/// <summary>
/// Says once at start-up where emails go. Without an SMTP host nothing leaves the machine, which must be obvious
/// to whoever reads the log, not discovered when nobody gets mail.
/// </summary>
public sealed class EmailTransportAnnouncement(IOptions<EmailOptions> options, ILogger<EmailTransportAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var email = options.Value;
        if (email.UsesSmtp)
        {
            logger.LogInformation("Sending emails through SMTP server {Host}:{Port} ({Security}, {Authentication}), from {From}, up to {MaxConnections} connections",
                email.Smtp.Host, email.Smtp.Port, email.Smtp.Security,
                string.IsNullOrEmpty(email.Smtp.Username) ? "no authentication" : "authenticated",
                EmailMasking.Mask(email.EffectiveFrom), email.Smtp.MaxConnections);
        }
        else
        {
            Directory.CreateDirectory(email.PickupDirectoryFullPath);
            logger.LogWarning("No SMTP host configured (Email:Smtp:Host): writing emails as .eml files to {PickupDirectory}",
                email.PickupDirectoryFullPath);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
