namespace Notifications.Admin.Audit;

/// <summary>
/// One change or sign-in on the admin surface: when, who (the credential used, through the admin API or the console,
/// and the client address), what kind of action, and what it touched, by field names only, never a value of a secret.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string Who, string Address, string Action, string What);
