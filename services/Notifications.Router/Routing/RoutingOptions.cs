using System.ComponentModel.DataAnnotations;
using Notifications.Router.Fallback;

namespace Notifications.Router.Routing;

/// <summary>The switches the spec names, bound from the <c>Routing</c> section.</summary>
public sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>Apply the offline filter to rows A1 and A2 too (by default they notify online agents as well).</summary>
    public bool FirstMessageOfflineOnly { get; set; }

    /// <summary>How long rule A6 waits for the bot's outcome before notifying agents.</summary>
    [Range(0, 300, ErrorMessage = "Routing:TakeoverGraceSeconds must be between 0 and 300.")]
    public int TakeoverGraceSeconds { get; set; } = 10;

    /// <summary>
    /// How long a message that names recipients the directory does not know (or a department without agents)
    /// waits for their participant events before it is routed with what is known. It covers the platform's
    /// participant event and its first message arriving together: the router's queue is consumed concurrently,
    /// so the message may be decided before the participant is stored. 0 decides at once.
    /// </summary>
    [Range(0, 300, ErrorMessage = "Routing:DirectoryWaitSeconds must be between 0 and 300.")]
    public int DirectoryWaitSeconds { get; set; } = 5;

    /// <summary>
    /// How far in the future the <c>at</c> of a <c>PresenceChanged</c> or <c>ParticipantUpserted</c> may be (clocks
    /// differ a little); later ones go to the error queue, since they would make every correct event after them look
    /// older and be ignored.
    /// </summary>
    [Range(0, 86_400, ErrorMessage = "Routing:MaxClockSkewSeconds must be between 0 and 86400.")]
    public int MaxClockSkewSeconds { get; set; } = 300;

    /// <summary>
    /// Row E1: how long a user's message may stay unanswered (no agent reply, no agent's <c>ConversationSeen</c>) before
    /// the next tier of agents is notified once. 0 switches escalation off; at most the delay ladder's longest delay.
    /// </summary>
    [Range(0, 1_048_575, ErrorMessage = "Routing:EscalateAfterSeconds must be between 0 and 1048575 (12 days).")]
    public int EscalateAfterSeconds { get; set; }

    /// <summary><c>Sms:Mode</c> (read from the SMS section by <see cref="ChannelModeSetup"/>, not from <c>Routing</c>).</summary>
    public ChannelMode SmsMode { get; internal set; }

    /// <summary><c>Push:Mode</c> (read from the push section by <see cref="ChannelModeSetup"/>, not from <c>Routing</c>).</summary>
    public ChannelMode PushMode { get; internal set; }

    public ChannelMode ModeOf(string channel) => channel switch
    {
        Contracts.Channels.Sms => SmsMode,
        Contracts.Channels.Push => PushMode,
        _ => ChannelMode.Always,
    };
}
