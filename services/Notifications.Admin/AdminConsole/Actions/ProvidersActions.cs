using Notifications.Admin.Audit;
using Notifications.Admin.ProviderCredentials;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.Admin.AdminConsole.Actions;

/// <summary>What the settings page knows about the SMS and push providers: the run-time sets and the senders' reports.</summary>
public sealed record ProvidersView(RuntimeProviderSettings Stored, IReadOnlyDictionary<string, ProviderReport> Reports)
{
    public static async Task<ProvidersView> LoadAsync(ProviderSettingsStore store, ProviderReports reports) =>
        new(await store.GetAsync(), await reports.ReadAsync());
}

/// <summary>A provider form sent back with the field at fault, so the page shows what was typed (never a secret) and why.</summary>
public sealed record ProviderFormState(string Provider, IReadOnlyDictionary<string, string> Values, string Field, string Error);

/// <summary>
/// The settings page's provider credentials (Twilio, OneSignal, Pusher Beams, Pusher Channels) and push provider
/// choice, saved through <see cref="ProviderCredentialChanges"/> like <c>PUT /admin/providers</c>. An empty secret keeps
/// the stored one; "Use the sender's configuration" removes the set. A refused change shows the page again with the
/// form as typed.
/// </summary>
public static class ProvidersActions
{
    public const string Path = "/settings/providers";

    public const string PushProviderPath = "/settings/push-provider";

    public const string FormAction = "/console" + Path;

    public const string PushProviderFormAction = "/console" + PushProviderPath;

    public static void Map(RouteGroupBuilder console)
    {
        console.MapPost(Path, PostAsync);
        console.MapPost(PushProviderPath, PostPushProviderAsync);
    }

    /// <summary>The push provider choice: a name, or empty for the push sender's <c>Push:Provider</c>.</summary>
    private static async Task<IResult> PostPushProviderAsync(HttpContext context, ProviderSettingsStore store, ProviderReports reports, ILoggerFactory loggers)
    {
        var form = await context.Request.ReadFormAsync();
        var chosen = form[ProviderCredentialRules.PushProviderField].ToString();
        var result = await ProviderCredentialChanges.ApplyAsync(store, [], new(chosen.Length == 0 ? null : chosen), await reports.ReadAsync(),
            loggers.CreateLogger("Notifications.EmailSender.Admin"), context.RequestServices.GetRequiredService<AuditTrail>(), AuditTrail.ThroughConsole);
        if (result.Error is not null)
            return SettingsActions.RefuseProviderForm(new ProviderFormState(ProviderCredentialRules.PushProviderField,
                new Dictionary<string, string> { ["value"] = chosen }, result.Field!, result.Error));
        return Results.Redirect($"/console/settings?saved=providers#{ProviderCredentialRules.PushProviderField}-form");
    }

    private static async Task<IResult> PostAsync(HttpContext context, ProviderSettingsStore store, ProviderReports reports, ILoggerFactory loggers)
    {
        var form = await context.Request.ReadFormAsync();
        if (ProviderCredentialChanges.Find(form["provider"].ToString()) is not { } provider)
            return Results.BadRequest("Unknown provider.");

        ProviderCredentialChanges.Update update;
        var typed = new Dictionary<string, string>();
        if (form["action"] == "remove")
        {
            update = new(provider, null);
        }
        else
        {
            var fields = new Dictionary<string, string?>();
            foreach (var field in provider.Fields)
            {
                var value = form[$"{provider.Name}.{field}"].ToString();
                // An empty secret keeps the stored one: it is never sent back to the browser to be resubmitted.
                fields[field] = provider.Secrets.Contains(field) && value.Length == 0 ? null : value;
                if (!provider.Secrets.Contains(field))
                    typed[field] = value;
            }
            update = new(provider, fields);
        }

        var result = await ProviderCredentialChanges.ApplyAsync(store, [update], pushProvider: null, await reports.ReadAsync(),
            loggers.CreateLogger("Notifications.EmailSender.Admin"), context.RequestServices.GetRequiredService<AuditTrail>(), AuditTrail.ThroughConsole);
        if (result.Error is not null)
            return SettingsActions.RefuseProviderForm(new ProviderFormState(provider.Name, typed, result.Field!, result.Error));
        return Results.Redirect($"/console/settings?saved=providers#provider-{provider.Name}");
    }
}
