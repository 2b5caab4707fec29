using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifications.Admin.Audit;
using Notifications.Email.Settings;

namespace Notifications.Admin.AdminApi;

/// <summary>
/// <c>GET/PUT /admin/email/settings</c>: the settings in effect (configuration overridden at run time). PUT
/// changes only the fields it carries; an empty string removes the override (back to configuration). The
/// SMTP password is write-only: GET shows <c>passwordSet</c> only.
/// </summary>
public static class SettingsEndpoints
{
    public sealed record SmtpUpdate(string? Host, int? Port, string? Security, string? Username, string? Password);

    public sealed record DigestUpdate(bool? Enabled, string? Schedule, bool? CancelIfOnline);

    public sealed record SettingsUpdate(SmtpUpdate? Smtp, string? From, string? FromName, string? AdminBaseUrl, DigestUpdate? Digest);

    /// <summary>What a PUT may carry; what only a GET shows (<c>passwordSet</c>, <c>transport</c>, <c>overridden</c>) is ignored.</summary>
    private static readonly RequestFields Fields = new RequestFields()
        .Object("smtp", new RequestFields().Field("host", "port", "security", "username", "password").ReadOnly("passwordSet"))
        .Field("from", "fromName", "adminBaseUrl")
        .Object("digest", new RequestFields().Field("enabled", "schedule", "cancelIfOnline"))
        .ReadOnly("transport", "overridden");

    public static RouteGroupBuilder MapSettingsEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/settings", GetAsync);
        admin.MapPut("/settings", PutAsync);
        return admin;
    }

    private static async Task<IResult> GetAsync(EmailSettingsStore store) =>
        Results.Ok(Describe(await store.GetEffectiveAsync(), await store.GetStoredAsync()));

    private static async Task<IResult> PutAsync(HttpRequest request, EmailSettingsStore store, IOptions<EmailOptions> configured, ILoggerFactory loggers, AuditTrail audit)
    {
        var (body, error) = await AdminEndpoints.ReadJsonObjectAsync(request, "{\"smtp\": {\"host\": \"smtp.example.com\", \"password\": \"…\"}}");
        if (error is not null)
            return error;
        if (Fields.Refuse(body) is { } unknown)
            return unknown;
        var (update, wrongType) = RequestFields.Bind<SettingsUpdate>(body, EmailSettingsStore.Json);
        if (wrongType is not null)
            return wrongType;

        var change = await ChangeAsync(update!, store, configured.Value, loggers, audit, AuditTrail.ThroughApi);
        return change.Error is not null
            ? AdminEndpoints.Invalid(change.Field!, change.Error)
            : Results.Ok(Describe(change.Effective!, change.Stored!));
    }

    /// <summary>The result of a settings change: the settings now in effect, or the field at fault and why.</summary>
    public sealed record SettingsChange(EmailOptions? Effective, RuntimeEmailSettings? Stored, string? Field, string? Error);

    /// <summary>
    /// Validates and stores a change, as the admin API and the console both do: only the fields the update
    /// carries change; an empty string removes the override. Nothing is stored when a field is invalid.
    /// </summary>
    public static async Task<SettingsChange> ChangeAsync(SettingsUpdate update, EmailSettingsStore store, EmailOptions configured,
        ILoggerFactory loggers, AuditTrail audit, string through, bool clearPort = false)
    {
        var current = await store.GetStoredAsync();
        var next = current with
        {
            SmtpHost = Merge(current.SmtpHost, update.Smtp?.Host),
            SmtpPort = clearPort ? null : update.Smtp?.Port ?? current.SmtpPort,
            SmtpSecurity = Merge(current.SmtpSecurity, update.Smtp?.Security),
            SmtpUsername = Merge(current.SmtpUsername, update.Smtp?.Username),
            SmtpPassword = update.Smtp?.Password is null ? current.SmtpPassword : update.Smtp.Password.Length == 0 ? null : update.Smtp.Password,
            From = Merge(current.From, update.From),
            FromName = Merge(current.FromName, update.FromName),
            AdminBaseUrl = Merge(current.AdminBaseUrl, update.AdminBaseUrl),
            DigestEnabled = update.Digest?.Enabled ?? current.DigestEnabled,
            DigestSchedule = Merge(current.DigestSchedule, update.Digest?.Schedule),
            DigestCancelIfOnline = update.Digest?.CancelIfOnline ?? current.DigestCancelIfOnline,
        };

        next = next with { SmtpPasswordServer = PasswordServer(update.Smtp?.Password, current, next, configured) };

        if (next.SmtpHost is { } host && (host.Length > 253 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            return new SettingsChange(null, null, "smtp.host", "smtp.host must be a host name or IP address without spaces.");
        if (next.SmtpUsername is { } username && username.Any(char.IsControl))
            return new SettingsChange(null, null, "smtp.username", "smtp.username must not contain control characters.");

        var effective = EmailSettingsStore.Apply(configured, next);
        var validation = new EmailOptionsValidator().Validate(null, effective);
        if (validation.Failed)
        {
            var first = validation.Failures.First();
            return new SettingsChange(null, null, FieldOf(first), first);
        }

        if (PasswordLeftBehind(update, configured, current, effective) is { } refusal)
            return new SettingsChange(null, null, "smtp.password", refusal);

        await store.SaveAsync(next);
        loggers.CreateLogger("Notifications.EmailSender.Admin").LogInformation(
            "Email settings changed through {Through} (fields: {Fields})", through, string.Join(", ", ChangedFields(update)));
        await audit.RecordAsync(through, "email settings changed", string.Join(", ", ChangedFields(update)));
        return new SettingsChange(effective, next, null, null);
    }

    /// <summary>
    /// The server a stored password belongs to after the change: the new one when a password is given, else the one
    /// it was given for (a document stored before passwords were tied to a server pins it to where it was in use).
    /// </summary>
    private static string? PasswordServer(string? givenPassword, RuntimeEmailSettings current, RuntimeEmailSettings next, EmailOptions configured) =>
        next.SmtpPassword is null ? null
        : givenPassword is { Length: > 0 } ? SmtpServerIdentity.Of(configured, next)
        : current.SmtpPasswordServer ?? SmtpServerIdentity.Of(configured, current);

    /// <summary>
    /// Why the change is refused when it moves SMTP to another host, port or security mode without a password while
    /// one is in use: the stored password stays with its server, so the new one would silently get none.
    /// </summary>
    private static string? PasswordLeftBehind(SettingsUpdate update, EmailOptions configured, RuntimeEmailSettings current, EmailOptions effective)
    {
        var before = EmailSettingsStore.Apply(configured, current);
        if (update.Smtp?.Password is not null || string.IsNullOrEmpty(before.Smtp.Password) || !string.IsNullOrEmpty(effective.Smtp.Password)
            || SmtpServerIdentity.Of(before.Smtp) == SmtpServerIdentity.Of(effective.Smtp))
            return null;
        return "smtp.password must be given again with a new smtp.host, smtp.port or smtp.security (\"\" for none): "
            + "the stored password is only ever sent to the server it was given for.";
    }

    private static string? Merge(string? current, string? update) =>
        update is null ? current : update.Trim().Length == 0 ? null : update.Trim();

    /// <summary><c>Email:Smtp:Port must ...</c> names the field <c>smtp.port</c>.</summary>
    private static string FieldOf(string failure)
    {
        var configurationKey = failure.Split(' ')[0];
        if (!configurationKey.StartsWith("Email:", StringComparison.Ordinal))
            return "body";
        return string.Join('.', configurationKey["Email:".Length..].Split(':').Select(part => char.ToLowerInvariant(part[0]) + part[1..]));
    }

    private static IEnumerable<string> ChangedFields(SettingsUpdate update)
    {
        if (update.Smtp?.Host is not null) yield return "smtp.host";
        if (update.Smtp?.Port is not null) yield return "smtp.port";
        if (update.Smtp?.Security is not null) yield return "smtp.security";
        if (update.Smtp?.Username is not null) yield return "smtp.username";
        if (update.Smtp?.Password is not null) yield return "smtp.password";
        if (update.From is not null) yield return "from";
        if (update.FromName is not null) yield return "fromName";
        if (update.AdminBaseUrl is not null) yield return "adminBaseUrl";
        if (update.Digest?.Enabled is not null) yield return "digest.enabled";
        if (update.Digest?.Schedule is not null) yield return "digest.schedule";
        if (update.Digest?.CancelIfOnline is not null) yield return "digest.cancelIfOnline";
    }

    private static object Describe(EmailOptions effective, RuntimeEmailSettings stored) => new
    {
        smtp = new
        {
            host = effective.Smtp.Host,
            port = effective.Smtp.Port,
            security = effective.Smtp.Security,
            username = effective.Smtp.Username,
            passwordSet = !string.IsNullOrEmpty(effective.Smtp.Password),
        },
        from = effective.From,
        fromName = effective.FromName,
        adminBaseUrl = effective.AdminBaseUrl,
        digest = new
        {
            enabled = effective.Digest.Enabled,
            schedule = effective.Digest.Schedule,
            cancelIfOnline = effective.Digest.CancelIfOnline,
        },
        transport = effective.UsesSmtp ? "smtp" : "pickup-directory",
        overridden = Overridden(stored).ToList(),
    };

    private static IEnumerable<string> Overridden(RuntimeEmailSettings stored)
    {
        if (stored.SmtpHost is not null) yield return "smtp.host";
        if (stored.SmtpPort is not null) yield return "smtp.port";
        if (stored.SmtpSecurity is not null) yield return "smtp.security";
        if (stored.SmtpUsername is not null) yield return "smtp.username";
        if (stored.SmtpPassword is not null) yield return "smtp.password";
        if (stored.From is not null) yield return "from";
        if (stored.FromName is not null) yield return "fromName";
        if (stored.AdminBaseUrl is not null) yield return "adminBaseUrl";
        if (stored.DigestEnabled is not null) yield return "digest.enabled";
        if (stored.DigestSchedule is not null) yield return "digest.schedule";
        if (stored.DigestCancelIfOnline is not null) yield return "digest.cancelIfOnline";
    }
}
