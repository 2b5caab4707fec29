namespace Notifications.Email.Settings;

/// <summary>
/// The SMTP server a password was given for: host, port and security mode. A password is only ever sent to the
/// server it was given for, so whoever can change the host (the admin key) cannot point the stored password at a
/// server of their own, nor downgrade it to clear text by switching the security mode to <c>None</c>.
/// </summary>
public static class SmtpServerIdentity
{
    public static string Of(string? host, int port, string? security) =>
        $"{host?.Trim().ToLowerInvariant()}:{port}/{security?.Trim().ToLowerInvariant()}";

    public static string Of(SmtpOptions smtp) => Of(smtp.Host, smtp.Port, smtp.Security);

    /// <summary>The server the stored settings point at, each value as stored or else as configured.</summary>
    public static string Of(EmailOptions configured, RuntimeEmailSettings stored) =>
        Of(stored.SmtpHost ?? configured.Smtp.Host, stored.SmtpPort ?? configured.Smtp.Port, stored.SmtpSecurity ?? configured.Smtp.Security);
}
