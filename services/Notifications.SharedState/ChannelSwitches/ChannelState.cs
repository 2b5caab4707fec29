namespace Notifications.SharedState.ChannelSwitches;

/// <summary>One channel's switch in effect and where it comes from (<see cref="ChannelSources"/>).</summary>
public sealed record ChannelState(string Channel, bool Enabled, string Source);

/// <summary>Where a channel's switch in effect comes from.</summary>
public static class ChannelSources
{
    public const string Configuration = "configuration";
    public const string RunTime = "run-time";
}

/// <summary>Combines the configured switches with the run-time overrides stored in Redis.</summary>
public static class ChannelStates
{
    /// <summary>The hash field values: "1" on, "0" off. Anything else is ignored (the configuration applies).</summary>
    public const string On = "1";
    public const string Off = "0";

    public static IReadOnlyList<ChannelState> Resolve(ChannelSwitchOptions configured, IReadOnlyDictionary<string, string> stored) =>
        ChannelSwitchOptions.Names.Select(channel => StoredSwitch(stored, channel) is { } on
            ? new ChannelState(channel, on, ChannelSources.RunTime)
            : new ChannelState(channel, configured.IsEnabled(channel), ChannelSources.Configuration)).ToList();

    /// <summary>The channels switched off. Allocation-free in the usual case: everything on, nothing stored.</summary>
    public static IReadOnlySet<string> Disabled(ChannelSwitchOptions configured, IReadOnlyDictionary<string, string> stored)
    {
        HashSet<string>? disabled = null;
        foreach (var channel in ChannelSwitchOptions.Names)
        {
            if (!(StoredSwitch(stored, channel) ?? configured.IsEnabled(channel)))
                (disabled ??= []).Add(channel);
        }
        return disabled ?? None;
    }

    public static readonly IReadOnlySet<string> None = new HashSet<string>();

    /// <summary>The run-time switch of a channel, or null when none is stored (or the stored value is not "1"/"0").</summary>
    private static bool? StoredSwitch(IReadOnlyDictionary<string, string> stored, string channel) =>
        stored.TryGetValue(channel, out var value) && value is On or Off ? value == On : null;
}
