namespace Notifications.Router.Window;

/// <summary>
/// The router's note to itself that a delay window is over: sent through the delay ladder once per window (not per
/// notification) when its first notification opens it, and back on the router's queue when it ends. Internal to the
/// router: not part of the contracts.
/// </summary>
public sealed record DelayWindowElapsed
{
    public required string Channel { get; init; }

    public required string RecipientId { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>The id of the window's first notification: a window opened later for the same recipient and conversation has another.</summary>
    public required string WindowId { get; init; }
}
