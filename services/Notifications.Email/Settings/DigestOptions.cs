using System.ComponentModel.DataAnnotations;

namespace Notifications.Email.Settings;

/// <summary>The <c>Email:Digest</c> section: emails per conversation on a schedule instead of per message.</summary>
public sealed class DigestOptions
{
    public const string DefaultSchedule = "0 * * * *";

    /// <summary><c>Email:Digest:Enabled</c>: queue emails and send digests instead of one email per message.</summary>
    public bool Enabled { get; set; }

    /// <summary><c>Email:Digest:Schedule</c>: a five-field cron expression (UTC); hourly by default.</summary>
    public string Schedule { get; set; } = DefaultSchedule;

    /// <summary><c>Email:Digest:CancelIfOnline</c>: drop a queued digest when its recipient is online at flush time.</summary>
    public bool CancelIfOnline { get; set; } = true;

    /// <summary><c>Email:Digest:LeaseSeconds</c>: how long a flush owns what it claimed; after that another flush resumes it.</summary>
    [Range(10, 86400, ErrorMessage = "Email:Digest:LeaseSeconds must be between 10 and 86400.")]
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>A copy of every value (all are immutable types), so a new key is never left behind.</summary>
    public DigestOptions Copy() => (DigestOptions)MemberwiseClone();
}
