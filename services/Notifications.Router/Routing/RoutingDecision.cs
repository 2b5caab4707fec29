using Notifications.Router.Directory;

namespace Notifications.Router.Routing;

/// <summary>One notification the rules decided to send.</summary>
/// <param name="OncePerOfflineSession">U2 and the SMS rule for users: send only if this recipient was not yet
/// notified on this channel during the current offline session (claimed atomically when the decision is carried out).</param>
/// <param name="OnlyWhileOffline">The row applied the offline filter: the notification is moot once the recipient is online.</param>
/// <param name="HeldForFallback">A fallback-only SMS or push (<c>Sms:Mode</c>, <c>Push:Mode</c> = <c>Fallback</c>) beside an
/// email that goes out: kept, not sent, and sent only if that email fails for good.</param>
public sealed record PlannedNotification(ParticipantRecord Recipient, string Channel, string Rule, bool OncePerOfflineSession, bool OnlyWhileOffline = false,
    bool HeldForFallback = false);

/// <summary>One notification the rules decided not to send, and why.</summary>
public sealed record SuppressedNotification(string RecipientId, string Channel, string Rule, string Reason);

/// <summary>The outcome of the rules for one message.</summary>
/// <param name="AwaitBotOutcome">A6: Human Takeover is on and the bot's outcome is not known yet: hold the
/// message for the grace window instead of deciding now.</param>
/// <param name="AwaitDirectory">The row names someone the directory does not know yet (or nobody at all): wait
/// for the participant events that may be on their way, then decide again.</param>
/// <param name="NeedsEveryAgent">The message falls back to row A3 and the snapshot was read without every agent:
/// read it again with them and decide again (most messages never need the whole list).</param>
public sealed record RoutingDecision(IReadOnlyList<PlannedNotification> Planned, IReadOnlyList<SuppressedNotification> Suppressed,
    bool AwaitBotOutcome = false, bool AwaitDirectory = false, bool NeedsEveryAgent = false)
{
    public static readonly RoutingDecision LoadEveryAgent = new([], [], NeedsEveryAgent: true);

    public static readonly RoutingDecision AwaitBot = new([], [], AwaitBotOutcome: true);

    public static readonly RoutingDecision AwaitDirectoryCatchUp = new([], [], AwaitDirectory: true);

    public static RoutingDecision Suppress(SuppressedNotification suppressed) => new([], [suppressed]);
}
