using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Admin.AdminApi;
using Notifications.Email.Settings;
using Notifications.Admin.ProviderCredentials;
using Notifications.SharedState.ChannelSwitches;
using static Notifications.Admin.AdminConsole.ConsoleHtml;

namespace Notifications.Admin.AdminConsole;

/// <summary>
/// The settings page's "Channels" section: an on/off checkbox per channel beside the provider in effect, saved through the same store and log line as <c>PUT /admin/channels</c>. A box set back to the
/// configured value removes the run-time value, so "as configured" stays reachable without the API.
/// </summary>
public static class ChannelsSection
{
    public const string Path = "/settings/channels";

    public static void Map(RouteGroupBuilder console) => console.MapPost(Path, PostAsync);

    private static async Task<IResult> PostAsync(HttpContext context, ChannelSwitchStore store, IOptions<ChannelSwitchOptions> configured,
        ILoggerFactory loggers)
    {
        var form = await context.Request.ReadFormAsync();
        var current = await store.GetAsync();
        var changes = new Dictionary<string, bool?>();
        foreach (var state in current)
        {
            // An unchecked box is not submitted: absence means off.
            var on = form.ContainsKey(FieldName(state.Channel));
            if (on != state.Enabled)
                changes[state.Channel] = on == configured.Value.IsEnabled(state.Channel) ? null : on;
        }
        await ChannelEndpoints.ChangeAsync(store, changes, loggers, "the console");
        return Results.Redirect("/console/settings?saved=channels");
    }

    public static string Render(HttpContext context, IReadOnlyList<ChannelState> states, EmailOptions email, ProvidersView view)
    {
        var providers = new[] { Channels.Sms, Channels.Push, Channels.Realtime }
            .ToDictionary(channel => channel, channel => ProviderStatus.Describe(channel, view.Stored, view.Reports));
        providers[Channels.Email] = email.UsesSmtp
            ? $"SMTP {email.Smtp.Host}:{email.Smtp.Port} ({email.Smtp.Security}; set in the Email section above)"
            : "pickup directory: emails are written as .eml files (no SMTP host)";
        var rows = string.Concat(states.Select(state => $"""
            <tr><td><label class="inline"><input type="checkbox" id="channel-{E(state.Channel)}" name="{E(FieldName(state.Channel))}"{(state.Enabled ? " checked" : "")}> {E(Label(state.Channel))}</label></td>
            <td class="channel-source">{(state.Source == ChannelSources.RunTime ? "switched here" : "as configured")}</td>
            <td class="provider">{E(providers.GetValueOrDefault(state.Channel))}</td></tr>
            """));
        return $"""
            <form class="card" id="providers" method="post" action="/console{Path}">
              {Antiforgery(context)}
              <h2>Channels</h2>
              <p class="note">A channel switched off sends nothing: the router publishes each notification it would have sent as suppressed
              (reason "channel-disabled"), within the next message on every instance. Provider credentials are entered below.</p>
              <div class="table"><table><thead><tr><th>Channel (on/off)</th><th>Set by</th><th>Provider in effect</th></tr></thead><tbody>
              {rows}
              </tbody></table></div>
              <p><small>The senders' own configuration (environment variables <code>Sms__*</code>, <code>Push__*</code>, <code>Realtime__*</code>) is shown as each
              sender reported it when it started. Secrets are never shown. Defaults: <code>Channels__Sms__Enabled</code> and so on.</small></p>
              <div><button type="submit" id="save-channels">Save channels</button></div>
            </form>
            """;
    }

    private static string FieldName(string channel) => "channels." + channel;

    private static string Label(string channel) => channel switch
    {
        Channels.Email => "Email",
        Channels.Sms => "SMS",
        Channels.Push => "Push",
        Channels.Realtime => "Realtime (desktop notification and sound)",
        _ => channel,
    };
}
