using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Notifications.Email.Settings;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.Delivery.Telemetry;

namespace Notifications.Email.Transport;

/// <summary>
/// Used when no SMTP host is configured (local runs, demos): writes each email as an <c>.eml</c> file that any
/// mail client opens. The file is named after the notification, so a redelivered command overwrites rather than
/// duplicates it. A file has no envelope: the bounce address (<see cref="BounceEnvelope"/>) is in its <c>Return-Path</c>
/// and <c>X-SMTPAPI</c> headers, written with the message like every other header.
/// </summary>
public sealed class PickupDirectoryEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    public const string ProviderName = "pickup-directory";

    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var directory = options.Value.PickupDirectoryFullPath;
        var fileName = FileNameOf(email.NotificationId);
        // Written under a temporary name and renamed: a reader watching the folder never sees half a file.
        var temporary = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.tmp");
        using var call = ProviderCall.Start(ProviderName, "pickup-directory write", email.NotificationId);
        try
        {
            Directory.CreateDirectory(directory);
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true))
            {
                await email.Message.WriteToAsync(stream, cancellationToken);
            }
            File.Move(temporary, Path.Combine(directory, fileName), overwrite: true);
            call.Succeeded();
            return ProviderName;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new ProviderException(
                $"Could not write the email to the pickup directory {directory} ({failure.GetType().Name}): check that Email:PickupDirectory is writable.",
                permanent: false, failure);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Keeps letters, digits, '-', '_' and '.'; anything else becomes '_'. When that changed the id, a short hash
    /// of the original keeps two ids that differ only there from sharing a file.
    /// </summary>
    public static string FileNameOf(string notificationId)
    {
        var safe = new string(notificationId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.');
        if (safe.Length > 100 || safe != notificationId || safe.Length == 0)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)).AsSpan(0, 4));
            safe = $"{safe[..Math.Min(safe.Length, 100)]}-{hash}";
        }
        return safe + ".eml";
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* best effort: a stray .tmp file is harmless and ignored by readers */ }
        catch (UnauthorizedAccessException) { }
    }
}
