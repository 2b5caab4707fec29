using System.Text;
using Notifications.Contracts;
using Notifications.Admin.ProviderCredentials;
using Notifications.SharedState.ProviderSettings;
using static Notifications.Admin.AdminConsole.ConsoleHtml;

namespace Notifications.Admin.AdminConsole;

/// <summary>What the settings page knows about the SMS and push providers: the run-time sets and the senders' reports.</summary>
public sealed record ProvidersView(RuntimeProviderSettings Stored, IReadOnlyDictionary<string, ProviderReport> Reports)
{
    public static async Task<ProvidersView> LoadAsync(ProviderSettingsStore store, ProviderReports reports) =>
        new(await store.GetAsync(), await reports.ReadAsync());
}

/// <summary>A provider form sent back with the field at fault, so the page shows what was typed (never a secret) and why.</summary>
public sealed record ProviderFormState(string Provider, IReadOnlyDictionary<string, string> Values, string Field, string Error);

/// <summary>
/// The settings page's provider credentials: one form per provider (Twilio, OneSignal, Pusher Beams, Pusher Channels),
/// saved through <see cref="ProviderCredentialChanges"/> like <c>PUT /admin/providers</c>. Secrets are password
/// fields shown as set or not set; leaving one empty keeps it. "Use the sender's configuration" removes the set.
/// </summary>
public static class ProvidersSection
{
    public const string Path = "/settings/providers";

    public const string PushProviderPath = "/settings/push-provider";

    private static readonly Dictionary<string, string> Labels = new()
    {
        ["twilio.accountSid"] = "Account SID",
        ["twilio.authToken"] = "Auth token",
        ["twilio.from"] = "From (E.164 number or sender ID)",
        ["oneSignal.appId"] = "App ID",
        ["oneSignal.apiKey"] = "REST API key",
        ["pusherBeams.instanceId"] = "Instance ID",
        ["pusherBeams.secretKey"] = "Secret key",
        ["pusherChannels.appId"] = "App ID",
        ["pusherChannels.key"] = "Key",
        ["pusherChannels.secret"] = "Secret",
        ["pusherChannels.cluster"] = "Cluster (empty: as configured)",
    };

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
            loggers.CreateLogger("Notifications.EmailSender.Admin"), "the console");
        if (result.Error is not null)
            return await SettingsPage.RenderAsync(context, saved: null,
                new ProviderFormState(ProviderCredentialRules.PushProviderField, new Dictionary<string, string> { ["value"] = chosen }, result.Field!, result.Error),
                StatusCodes.Status400BadRequest);
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
            loggers.CreateLogger("Notifications.EmailSender.Admin"), "the console");
        if (result.Error is not null)
            return await SettingsPage.RenderAsync(context, saved: null, new ProviderFormState(provider.Name, typed, result.Field!, result.Error),
                StatusCodes.Status400BadRequest);
        return Results.Redirect($"/console/settings?saved=providers#provider-{provider.Name}");
    }

    public static string Render(HttpContext context, ProvidersView view, ProviderFormState? state)
    {
        var html = new StringBuilder();
        html.Append("""
            <h2 id="provider-credentials">Provider credentials</h2>
            <p class="note">Credentials entered here replace the SMS or push sender's configured credentials for that provider, on every
            instance, from the next notification on (no restart). Secrets are never shown: leave a secret empty to keep it.
            Endpoints and rate limits stay in the senders' configuration.</p>
            """);
        html.Append(RenderPushProvider(context, view, state?.Provider == ProviderCredentialRules.PushProviderField ? state : null));
        foreach (var provider in ProviderCredentialChanges.Providers)
        {
            var stored = provider.Read(view.Stored);
            var mine = state?.Provider == provider.Name ? state : null;
            var inputs = string.Concat(provider.Fields.Select(field =>
            {
                var name = $"{provider.Name}.{field}";
                var invalid = mine?.Field == name ? " aria-invalid=\"true\"" : "";
                var error = mine is null ? "" : FieldError(name, mine.Field, mine.Error);
                if (provider.Secrets.Contains(field))
                {
                    var set = !string.IsNullOrEmpty(stored?.GetValueOrDefault(field));
                    return $"""
                        <div><label for="{E(name)}">{E(Labels[name])} <span class="badge {(set ? "set\">set" : "unset\">not set")}</span></label>
                        <input type="password" id="{E(name)}" name="{E(name)}" autocomplete="new-password"{invalid} placeholder="{(set ? "leave empty to keep the current one" : "not set")}">{error}</div>
                        """;
                }
                var value = mine is not null ? mine.Values.GetValueOrDefault(field, "") : stored?.GetValueOrDefault(field) ?? "";
                return $"""
                    <div><label for="{E(name)}">{E(Labels[name])}</label>
                    <input type="text" id="{E(name)}" name="{E(name)}" value="{E(value)}" autocomplete="off"{invalid}>{error}</div>
                    """;
            }));
            var generalError = mine is not null && !provider.Fields.Any(field => mine.Field == $"{provider.Name}.{field}")
                ? $"<div class=\"error\" role=\"alert\">{E(mine.Error)}</div>" : "";
            var remove = stored is null ? ""
                : $"<button type=\"submit\" class=\"secondary\" name=\"action\" value=\"remove\" id=\"remove-{E(provider.Name)}\">Use the sender's configuration instead</button>";
            html.Append($"""
                <form class="card" id="provider-{E(provider.Name)}" method="post" action="/console{Path}" novalidate>
                  {Antiforgery(context)}<input type="hidden" name="provider" value="{E(provider.Name)}">
                  <h2>{E(provider.Label)}</h2>
                  <p class="note" id="{E(provider.Name)}-in-effect">{E(InEffectText(provider, view))}</p>
                  {generalError}<div class="grid">{inputs}</div>
                  <div><button type="submit" id="save-{E(provider.Name)}">Save {E(provider.ShortName)} credentials</button>{remove}</div>
                </form>
                """);
        }
        return html.ToString();
    }

    /// <summary>Which provider takes the push devices it can (iOS always goes to OneSignal): as configured, or chosen here.</summary>
    private static string RenderPushProvider(HttpContext context, ProvidersView view, ProviderFormState? state)
    {
        const string field = ProviderCredentialRules.PushProviderField;
        var current = state?.Values.GetValueOrDefault("value") ?? view.Stored.PushProvider ?? "";
        string Option(string value, string label) =>
            $"<option value=\"{E(value)}\"{(string.Equals(value, current, StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{E(label)}</option>";
        var inEffect = view.Stored.PushProvider is { } chosen
            ? $"In effect: {chosen}, chosen here."
            : view.Reports.GetValueOrDefault(Channels.Push) is { } report
                ? $"In effect: the push sender's configuration ({report.Description})."
                : $"Not known: {ProviderStatus.NotReported(Channels.Push)}.";
        return $"""
            <form class="card" id="{field}-form" method="post" action="/console{PushProviderPath}" novalidate>
              {Antiforgery(context)}
              <h2>Push provider</h2>
              <p class="note" id="{field}-in-effect">{E(inEffect)} The chosen provider takes every device it can reach; iOS devices always go through OneSignal.</p>
              <div class="grid"><div><label for="{field}">Provider</label>
              <select id="{field}" name="{field}"{(state is null ? "" : " aria-invalid=\"true\"")}>{Option("", "As configured (Push:Provider)")}{Option(PushProviderNames.OneSignal, "OneSignal")}{Option(PushProviderNames.PusherBeams, "Pusher Beams")}</select>
              {(state is null ? "" : FieldError(field, state.Field, state.Error))}</div></div>
              <div><button type="submit" id="save-{field}">Save push provider</button></div>
            </form>
            """;
    }

    private static string InEffectText(ProviderCredentialChanges.Provider provider, ProvidersView view)
    {
        var report = view.Reports.GetValueOrDefault(provider.Channel);
        var sender = ProviderStatus.SenderOf(provider.Channel);
        return ProviderStatus.InEffect(provider, view.Stored, view.Reports) switch
        {
            ProviderStatus.RunTime => "In effect: the credentials entered here.",
            ProviderStatus.Configuration => $"In effect: the {sender}'s configuration ({report!.Description}). Credentials entered here replace it.",
            ProviderStatus.None => $"Not configured: the {sender}'s configuration has no {provider.ShortName} credentials (it reported: {report!.Description}).",
            _ => $"Not known: {ProviderStatus.NotReported(provider.Channel)}.",
        };
    }
}
