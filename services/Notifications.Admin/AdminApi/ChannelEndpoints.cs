using System.Text.Json;
using Notifications.Admin.Audit;
using Notifications.SharedState.ChannelSwitches;

namespace Notifications.Admin.AdminApi;

/// <summary>
/// <c>GET/PUT /admin/channels</c>: each channel on or off, and whether that comes from configuration
/// (<c>Channels:*:Enabled</c>) or was switched at run time. PUT takes <c>{"sms": false}</c>: true/false switches a
/// channel for every instance, null goes back to configuration; channels not named stay as they are.
/// </summary>
public static class ChannelEndpoints
{
    public static WebApplication MapChannelAdmin(this WebApplication app)
    {
        var channels = app.MapGroup("/admin/channels").AddEndpointFilter<AdminApiKeyFilter>().RequireRateLimiting(Security.AdminRateLimiting.ApiPolicy);
        channels.MapGet("", async (ChannelSwitchStore store) => Results.Ok(Describe(await store.GetAsync())));
        channels.MapPut("", PutAsync);
        return app;
    }

    private static async Task<IResult> PutAsync(HttpRequest request, ChannelSwitchStore store, ILoggerFactory loggers, AuditTrail audit)
    {
        var (body, error) = await AdminEndpoints.ReadJsonObjectAsync(request, "{\"sms\": false}");
        if (error is not null)
            return error;

        var unknown = body.EnumerateObject().Select(p => p.Name).Where(name => !ChannelSwitchOptions.Names.Contains(name)).ToList();
        if (unknown.Count > 0)
            return AdminEndpoints.Invalid(unknown[0],
                $"Unknown channel{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown)}. The channels are {string.Join(", ", ChannelSwitchOptions.Names)}.");

        var changes = new Dictionary<string, bool?>();
        var current = (await store.GetAsync()).ToDictionary(state => state.Channel);
        foreach (var property in body.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.True: changes[property.Name] = true; break;
                case JsonValueKind.False: changes[property.Name] = false; break;
                case JsonValueKind.Null: changes[property.Name] = null; break;
                case JsonValueKind.Object:
                    // As GET shows it: sent back unchanged it leaves the channel as it is (source is read-only); a
                    // changed enabled switches the channel at run time.
                    if (AsShown(property) is not { } shown)
                        return AdminEndpoints.Invalid(property.Name + ".enabled",
                            $"{property.Name}.enabled must be true or false, and {property.Name} has no other field than enabled and source (read-only).");
                    if (!current.TryGetValue(property.Name, out var state) || state.Enabled != shown)
                        changes[property.Name] = shown;
                    break;
                default: return AdminEndpoints.Invalid(property.Name, $"{property.Name} must be true (on), false (off) or null (as configured).");
            }
        }
        return Results.Ok(Describe(await ChangeAsync(store, changes, loggers, audit, AuditTrail.ThroughApi)));
    }

    /// <summary>Stores a change and says so in the log, as the admin API and the console both do.</summary>
    public static async Task<IReadOnlyList<ChannelState>> ChangeAsync(ChannelSwitchStore store, IReadOnlyDictionary<string, bool?> changes,
        ILoggerFactory loggers, AuditTrail audit, string through)
    {
        var states = await store.SetAsync(changes);
        if (changes.Count > 0)
        {
            var described = string.Join(", ", changes.Select(change => $"{change.Key} {change.Value switch { true => "on", false => "off", null => "as configured" }}"));
            loggers.CreateLogger("Notifications.EmailSender.Admin").LogInformation("Channels switched through {Through}: {Changes}", through, described);
            await audit.RecordAsync(through, "channels switched", described);
        }
        return states;
    }

    /// <summary>The <c>enabled</c> of a channel as GET shows it, or null when it is not of that shape.</summary>
    private static bool? AsShown(JsonProperty channel)
    {
        bool? enabled = null;
        foreach (var field in channel.Value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "enabled" when field.Value.ValueKind is JsonValueKind.True or JsonValueKind.False: enabled = field.Value.GetBoolean(); break;
                case "source" when field.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null: break; // read-only
                default: return null;
            }
        }
        return enabled;
    }

    private static object Describe(IReadOnlyList<ChannelState> states) =>
        states.ToDictionary(state => state.Channel, state => new { enabled = state.Enabled, source = state.Source });
}
