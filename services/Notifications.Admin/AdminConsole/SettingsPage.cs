using Notifications.SharedState.ProviderSettings;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Notifications.Admin.AdminApi;
using Notifications.Email.Settings;
using Notifications.SharedState.ChannelSwitches;
using static Notifications.Admin.AdminConsole.ConsoleHtml;

namespace Notifications.Admin.AdminConsole;

/// <summary>
/// <c>/console/settings</c>: the email settings through the same store and validation as <c>PUT /admin/email/settings</c>
/// (only changed fields are sent; an emptied field goes back to configuration); the password as set/unset only.
/// Below it, each channel's on/off switch beside its provider (<see cref="ChannelsSection"/>); SMS, push and
/// realtime provider credentials below it (<see cref="ProvidersSection"/>), secrets as set/unset only.
/// </summary>
public static class SettingsPage
{
    private sealed record Values(string Host, string Port, string Security, string Username, string From, string FromName,
        string AdminBaseUrl, bool DigestEnabled, string DigestSchedule, bool DigestCancelIfOnline);

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/settings", (HttpContext context, string? saved) => RenderAsync(context, saved, null, StatusCodes.Status200OK));
        console.MapPost("/settings", PostAsync);
        ChannelsSection.Map(console);
        ProvidersSection.Map(console);
    }

    /// <summary>The page as stored now; <paramref name="providerForm"/> brings back a provider form that was not saved.</summary>
    public static async Task<IResult> RenderAsync(HttpContext context, string? saved, ProviderFormState? providerForm, int status)
    {
        var services = context.RequestServices;
        var store = services.GetRequiredService<EmailSettingsStore>();
        var effective = await store.GetEffectiveAsync();
        var stored = await store.GetStoredAsync();
        var channels = await services.GetRequiredService<ChannelSwitchStore>().GetAsync();
        var providers = await ProvidersView.LoadAsync(services.GetRequiredService<ProviderSettingsStore>(), services.GetRequiredService<ProviderReports>());
        return Render(context, effective, stored, channels, providers, ValuesOf(effective), null, null, saved, providerForm, status);
    }

    private static async Task<IResult> PostAsync(HttpContext context, EmailSettingsStore store, ChannelSwitchStore channelStore,
        ProviderSettingsStore providerStore, ProviderReports reports, IOptions<EmailOptions> configured, ILoggerFactory loggers)
    {
        var form = await context.Request.ReadFormAsync();
        var effective = await store.GetEffectiveAsync();
        var stored = await store.GetStoredAsync();
        var channels = await channelStore.GetAsync();
        var providers = await ProvidersView.LoadAsync(providerStore, reports);
        string Text(string name) => form[name].ToString().Trim();
        var submitted = new Values(Text("smtp.host"), Text("smtp.port"), Text("smtp.security"), Text("smtp.username"), Text("from"),
            Text("fromName"), Text("adminBaseUrl"), form.ContainsKey("digest.enabled"), Text("digest.schedule"), form.ContainsKey("digest.cancelIfOnline"));

        int? port = null;
        // An emptied port goes back to the configured one, like every other field.
        var clearPort = submitted.Port.Length == 0;
        if (!clearPort && submitted.Port != effective.Smtp.Port.ToString(CultureInfo.InvariantCulture))
        {
            if (!int.TryParse(submitted.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return Render(context, effective, stored, channels, providers, submitted, "smtp.port", "smtp.port must be a whole number (1-65535).", null, null, StatusCodes.Status400BadRequest);
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

        var change = await SettingsEndpoints.ChangeAsync(update, store, configured.Value, loggers, "the console", clearPort);
        if (change.Error is not null)
            return Render(context, effective, stored, channels, providers, submitted, change.Field, change.Error, null, null, StatusCodes.Status400BadRequest);
        return Results.Redirect("/console/settings?saved=1");
    }

    /// <summary>Null when unchanged (the stored override stays), else the new value ("" = back to configuration).</summary>
    private static string? Changed(string submitted, string? current) => submitted == (current ?? "") ? null : submitted;

    private static Values ValuesOf(EmailOptions effective) => new(effective.Smtp.Host ?? "", effective.Smtp.Port.ToString(CultureInfo.InvariantCulture),
        effective.Smtp.Security, effective.Smtp.Username ?? "", effective.From ?? "", effective.FromName ?? "", effective.AdminBaseUrl ?? "",
        effective.Digest.Enabled, effective.Digest.Schedule, effective.Digest.CancelIfOnline);

    private static IResult Render(HttpContext context, EmailOptions effective, RuntimeEmailSettings stored, IReadOnlyList<ChannelState> channels,
        ProvidersView providers, Values values, string? errorField, string? error, string? saved, ProviderFormState? providerForm, int status)
    {
        string Input(string field, string label, string value, string type = "text", string hint = "") => $"""
            <div><label for="{E(field)}">{E(label)}</label>
            <input type="{type}" id="{E(field)}" name="{E(field)}" value="{E(value)}"{(errorField == field ? " aria-invalid=\"true\"" : "")}>
            {(hint.Length > 0 ? $"<small>{E(hint)}</small>" : "")}{FieldError(field, errorField, error)}</div>
            """;
        var security = string.Concat(SmtpOptions.SecurityModes.Keys.Select(mode =>
            $"<option value=\"{E(mode)}\"{(string.Equals(mode, values.Security, StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{E(mode)}</option>"));
        var passwordSet = !string.IsNullOrEmpty(effective.Smtp.Password);
        var body = new StringBuilder();
        if (saved == "channels")
            body.Append("<div class=\"ok\" id=\"saved\" role=\"status\">Channels saved. The router applies them from the next message on.</div>");
        else if (saved == "providers")
            body.Append("<div class=\"ok\" id=\"saved\" role=\"status\">Credentials saved. The senders use them from the next notification on, on every instance within a few seconds.</div>");
        else if (saved is not null)
            body.Append("<div class=\"ok\" id=\"saved\" role=\"status\">Settings saved. Every instance uses them within a few seconds.</div>");
        if (error is not null)
            body.Append($"<div class=\"error\" role=\"alert\">Not saved: {E(error)}</div>");
        body.Append($"""
            <form class="card" method="post" action="/console/settings" novalidate>
              {Antiforgery(context)}
              <h2>Email</h2>
              <p class="note">Transport in effect: <strong id="transport">{(effective.UsesSmtp ? "SMTP" : "pickup directory (no SMTP host: emails are written as .eml files)")}</strong>.
              Empty a field to go back to the service's configuration.{(Overridden(stored) is { Length: > 0 } list ? $" Changed here: {E(list)}." : "")}</p>
              <div class="grid">
                {Input("smtp.host", "SMTP host", values.Host)}
                {Input("smtp.port", "SMTP port", values.Port, "text")}
                <div><label for="smtp.security">Security</label><select id="smtp.security" name="smtp.security">{security}</select>{FieldError("smtp.security", errorField, error)}</div>
                {Input("smtp.username", "SMTP username", values.Username)}
                <div><label for="smtp.password">SMTP password <span class="badge {(passwordSet ? "set\">set" : "unset\">not set")}</span></label>
                <input type="password" id="smtp.password" name="smtp.password" autocomplete="new-password" placeholder="{(passwordSet ? "leave empty to keep the current password" : "not set")}">
                <label class="inline"><input type="checkbox" name="smtp.passwordClear"> remove the stored password</label>{FieldError("smtp.password", errorField, error)}</div>
                {Input("from", "From address", values.From)}
                {Input("fromName", "From name", values.FromName)}
                {Input("adminBaseUrl", "Admin base URL (links in agent emails)", values.AdminBaseUrl)}
              </div>
              <h2 style="margin-top:1rem">Digest</h2>
              <label class="inline"><input type="checkbox" id="digest.enabled" name="digest.enabled"{(values.DigestEnabled ? " checked" : "")}> Digest mode (one email per conversation on a schedule)</label>{FieldError("digest.enabled", errorField, error)}
              {Input("digest.schedule", "Digest schedule (cron, five fields)", values.DigestSchedule)}
              <label class="inline"><input type="checkbox" name="digest.cancelIfOnline"{(values.DigestCancelIfOnline ? " checked" : "")}> Skip the digest when the recipient came online</label>
              <div><button type="submit" id="save-settings">Save settings</button></div>
            </form>
            {ChannelsSection.Render(context, channels, effective, providers)}
            {ProvidersSection.Render(context, providers, providerForm)}
            """);
        return Page(context, "Settings", body.ToString(), "settings", status);
    }

    private static string Overridden(RuntimeEmailSettings stored) => string.Join(", ", new (object? Value, string Name)[]
    {
        (stored.SmtpHost, "SMTP host"), (stored.SmtpPort, "port"), (stored.SmtpSecurity, "security"), (stored.SmtpUsername, "username"),
        (stored.SmtpPassword is null ? null : "set", "password"), (stored.From, "from"), (stored.FromName, "from name"),
        (stored.AdminBaseUrl, "admin base URL"), (stored.DigestEnabled, "digest"), (stored.DigestSchedule, "digest schedule"),
        (stored.DigestCancelIfOnline, "skip when online"),
    }.Where(entry => entry.Value is not null).Select(entry => entry.Name));
}
