using Notifications.Admin.Audit;
using Microsoft.Extensions.Options;
using Notifications.Admin.AdminApi;
using Notifications.SharedState.ChannelSwitches;

namespace Notifications.Admin.AdminConsole.Actions;

/// <summary>
/// <c>POST /console/settings/channels</c>: each channel's on/off switch, saved through the same store and log line as
/// <c>PUT /admin/channels</c>. A box set back to the configured value removes the run-time value, so "as configured"
/// stays reachable without the API.
/// </summary>
public static class ChannelsActions
{
    public const string Path = "/settings/channels";

    public const string FormAction = "/console" + Path;

    public static void Map(RouteGroupBuilder console) => console.MapPost(Path, PostAsync);

    public static string FieldName(string channel) => "channels." + channel;

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
        await ChannelEndpoints.ChangeAsync(store, changes, loggers, context.RequestServices.GetRequiredService<AuditTrail>(), AuditTrail.ThroughConsole);
        return Results.Redirect("/console/settings?saved=channels");
    }
}
