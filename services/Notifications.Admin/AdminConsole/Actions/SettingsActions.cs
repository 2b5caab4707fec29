using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Notifications.Admin.AdminApi;
using Notifications.Admin.Audit;
using Notifications.Admin.AdminConsole.Pages;
using Notifications.Email.Settings;

namespace Notifications.Admin.AdminConsole.Actions;

/// <summary>What the email settings form holds: the settings in effect, or what was submitted.</summary>
public sealed record SettingsValues(string Host, string Port, string Security, string Username, string From, string FromName,
    string AdminBaseUrl, bool DigestEnabled, string DigestSchedule, bool DigestCancelIfOnline)
{
    public static SettingsValues Of(EmailOptions effective) => new(effective.Smtp.Host ?? "", effective.Smtp.Port.ToString(CultureInfo.InvariantCulture),
        effective.Smtp.Security, effective.Smtp.Username ?? "", effective.From ?? "", effective.FromName ?? "", effective.AdminBaseUrl ?? "",
        effective.Digest.Enabled, effective.Digest.Schedule, effective.Digest.CancelIfOnline);

    /// <summary>The settings changed here rather than configured, named for the page.</summary>
    public static string Overridden(RuntimeEmailSettings stored) => string.Join(", ", new (object? Value, string Name)[]
    {
        (stored.SmtpHost, "SMTP host"), (stored.SmtpPort, "port"), (stored.SmtpSecurity, "security"), (stored.SmtpUsername, "username"),
        (stored.SmtpPassword is null ? null : "set", "password"), (stored.From, "from"), (stored.FromName, "from name"),
        (stored.AdminBaseUrl, "admin base URL"), (stored.DigestEnabled, "digest"), (stored.DigestSchedule, "digest schedule"),
        (stored.DigestCancelIfOnline, "skip when online"),
    }.Where(entry => entry.Value is not null).Select(entry => entry.Name));
}

/// <summary>Email settings that were not saved: what was typed, the field at fault (null when none is) and why.</summary>
public sealed record SettingsRefusal(SettingsValues Submitted, string? ErrorField, string Error);

/// <summary>
/// <c>POST /console/settings</c>: the email settings through the same store and validation as <c>PUT /admin/email/settings</c>
/// (only changed fields are sent; an emptied field goes back to configuration). The channel switches and provider
/// credentials on the same page post to <see cref="ChannelsActions"/> and <see cref="ProvidersActions"/>.
/// </summary>
public static class SettingsActions
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapPost("/settings", PostAsync);
        ChannelsActions.Map(console);
        ProvidersActions.Map(console);
    }

    private static async Task<IResult> PostAsync(HttpContext context, EmailSettingsStore store, IOptions<EmailOptions> configured, ILoggerFactory loggers, AuditTrail audit)
    {
        var form = await context.Request.ReadFormAsync();
        var effective = await store.GetEffectiveAsync();
        string Text(string name) => form[name].ToString().Trim();
        var submitted = new SettingsValues(Text("smtp.host"), Text("smtp.port"), Text("smtp.security"), Text("smtp.username"), Text("from"),
            Text("fromName"), Text("adminBaseUrl"), form.ContainsKey("digest.enabled"), Text("digest.schedule"), form.ContainsKey("digest.cancelIfOnline"));

        int? port = null;
        // An emptied port goes back to the configured one, like every other field.
        var clearPort = submitted.Port.Length == 0;
        if (!clearPort && submitted.Port != effective.Smtp.Port.ToString(CultureInfo.InvariantCulture))
        {
            if (!int.TryParse(submitted.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return Refuse(new SettingsRefusal(submitted, "smtp.port", "smtp.port must be a whole number (1-65535)."));
            port = parsed;
        }
        var password = form["smtp.password"].ToString();
        string? passwordUpdate = password.Length > 0 ? password : form.ContainsKey("smtp.passwordClear") ? "" : null;

        var update = new SettingsEndpoints.SettingsUpdate(
            new SettingsEndpoints.SmtpUpdate(Changed(submitted.Host, effective.Smtp.Host), port, Changed(submitted.Security, effective.Smtp.Security),
                Changed(submitted.Username, effective.Smtp.Username), passwordUpdate),
            Changed(submitted.From, effective.From), Changed(submitted.FromName, effective.FromName), Changed(submitted.AdminBaseUrl, effective.AdminBaseUrl),
            new SettingsEndpoints.DigestUpdate(
                submitted.DigestEnabled == effective.Digest.Enabled ? null : submitted.DigestEnabled,
                Changed(submitted.DigestSchedule, effective.Digest.Schedule),
                submitted.DigestCancelIfOnline == effective.Digest.CancelIfOnline ? null : submitted.DigestCancelIfOnline));

        var change = await SettingsEndpoints.ChangeAsync(update, store, configured.Value, loggers, audit, AuditTrail.ThroughConsole, clearPort);
        if (change.Error is not null)
            return Refuse(new SettingsRefusal(submitted, change.Field, change.Error));
        return Results.Redirect("/console/settings?saved=1");
    }

    /// <summary>The settings page again, with what was typed and the error beside its field.</summary>
    private static RazorComponentResult<SettingsPage> Refuse(SettingsRefusal refusal) =>
        new(new Dictionary<string, object?> { [nameof(SettingsPage.Refused)] = refusal }) { StatusCode = StatusCodes.Status400BadRequest };

    /// <summary>The settings page again with a provider form that was not saved.</summary>
    public static RazorComponentResult<SettingsPage> RefuseProviderForm(ProviderFormState state) =>
        new(new Dictionary<string, object?> { [nameof(SettingsPage.ProviderForm)] = state }) { StatusCode = StatusCodes.Status400BadRequest };

    /// <summary>Null when unchanged (the stored override stays), else the new value ("" = back to configuration).</summary>
    private static string? Changed(string submitted, string? current) => submitted == (current ?? "") ? null : submitted;
}
