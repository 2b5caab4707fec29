namespace Notifications.Email.Settings;

/// <summary>
/// Email settings changed at run time through the admin API, stored in Redis (<c>email:settings</c>, JSON).
/// Each value overrides its configuration key; null means "as configured".
/// </summary>
public sealed record RuntimeEmailSettings
{
    public string? SmtpHost { get; init; }
    public int? SmtpPort { get; init; }
    public string? SmtpSecurity { get; init; }
    public string? SmtpUsername { get; init; }

    /// <summary>Secret: write-only through the API, never logged.</summary>
    public string? SmtpPassword { get; init; }

    /// <summary>
    /// The server (<see cref="SmtpServerIdentity"/>) <see cref="SmtpPassword"/> was given for: the password is not
    /// used with any other host, port or security mode. Null in documents stored before it was kept: the password
    /// then belongs to the server those settings point at, and the next change through the admin API pins it there.
    /// </summary>
    public string? SmtpPasswordServer { get; init; }

    public string? From { get; init; }
    public string? FromName { get; init; }
    public string? AdminBaseUrl { get; init; }
    public bool? DigestEnabled { get; init; }
    public string? DigestSchedule { get; init; }
    public bool? DigestCancelIfOnline { get; init; }
}
