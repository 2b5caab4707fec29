using Notifications.Contracts;

namespace Notifications.SharedState.ChannelSwitches;

/// <summary>
/// Whether each channel is on, as configured (<c>Channels:Email:Enabled</c>, <c>Channels:Sms:Enabled</c>,
/// <c>Channels:Push:Enabled</c>, <c>Channels:Realtime:Enabled</c>; all on by default). A value switched at run
/// time through the admin API or the console (<see cref="ChannelSwitchStore"/>) takes precedence.
/// </summary>
public sealed class ChannelSwitchOptions
{
    public const string Section = "Channels";

    public ChannelSwitch Email { get; set; } = new();
    public ChannelSwitch Sms { get; set; } = new();
    public ChannelSwitch Push { get; set; } = new();
    public ChannelSwitch Realtime { get; set; } = new();

    /// <summary>The channels that can be switched, in the order pages and responses list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Channels.Email, Channels.Sms, Channels.Push, Channels.Realtime];

    public bool IsEnabled(string channel) => channel switch
    {
        Channels.Email => Email.Enabled,
        Channels.Sms => Sms.Enabled,
        Channels.Push => Push.Enabled,
        Channels.Realtime => Realtime.Enabled,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not a switchable channel."),
    };
}

/// <summary>One channel's configured switch.</summary>
public sealed class ChannelSwitch
{
    public bool Enabled { get; set; } = true;
}
