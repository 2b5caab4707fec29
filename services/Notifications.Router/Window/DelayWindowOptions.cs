using Notifications.Contracts;

namespace Notifications.Router.Window;

/// <summary>
/// How long a decided notification waits for the reader before its command is sent, per channel
/// (<c>Email:DelaySeconds</c>, <c>Sms:DelaySeconds</c>, <c>Push:DelaySeconds</c>). Within the window a
/// <c>ConversationSeen</c> suppresses it, and later notifications of the same recipient and conversation join it.
/// 0 sends at once, as before windows existed. Read by <see cref="DelayWindowOptionsSetup"/>.
/// </summary>
public sealed class DelayWindowOptions
{
    /// <summary>The anchors' behaviour: email waits two minutes (Intercom and Crisp hold it about three).</summary>
    public const int DefaultEmailSeconds = 120;

    public int EmailSeconds { get; set; } = DefaultEmailSeconds;

    public int SmsSeconds { get; set; }

    public int PushSeconds { get; set; }

    /// <summary>The window of a channel; the desktop notification (realtime) never waits: it is for a reader who is there.</summary>
    public TimeSpan WindowOf(string channel) => TimeSpan.FromSeconds(channel switch
    {
        Channels.Email => EmailSeconds,
        Channels.Sms => SmsSeconds,
        Channels.Push => PushSeconds,
        _ => 0,
    });

    /// <summary>True when any channel waits: the router then needs the delay ladder back to its own queue.</summary>
    public bool AnyWindow => EmailSeconds > 0 || SmsSeconds > 0 || PushSeconds > 0;
}
