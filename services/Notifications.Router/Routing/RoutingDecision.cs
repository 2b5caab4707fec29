using Notifications.Router.Directory;

namespace Notifications.Router.Routing;

/// <summary>One notification the rules decided to send.</summary>
/// <param name="OncePerOfflineSession">U2 and the SMS rule for users: send only if this recipient was not yet
/// notified on this channel during the current offline session (claimed atomically when the decision is carried out).</param>
public sealed record PlannedNotification(ParticipantRecord Recipient, string Channel, string Rule, bool OncePerOfflineSession);

/// <summary>One notification the rules decided not to send, and why.</summary>
public sealed record SuppressedNotification(string RecipientId, string Channel, string Rule, string Reason);

/// <summary>The outcome of the rules for one message.</summary>
public sealed record RoutingDecision(IReadOnlyList<PlannedNotification> Planned, IReadOnlyList<SuppressedNotification> Suppressed)
{
    public static readonly RoutingDecision Nothing = new([], []);
}
