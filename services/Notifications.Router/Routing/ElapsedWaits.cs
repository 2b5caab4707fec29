namespace Notifications.Router.Routing;

/// <summary>
/// What a message has already waited for, so the decision does not wait for it again: each wait happens at most
/// once per message, and a message that comes back from one wait may still start the other.
/// </summary>
/// <param name="TakeoverGrace">A6: the message was held for the bot and its grace window is over.</param>
/// <param name="Directory">The message waited for unknown recipients to reach the directory: decide with what is known.</param>
public sealed record ElapsedWaits(bool TakeoverGrace = false, bool Directory = false)
{
    /// <summary>A message as it arrives from the platform.</summary>
    public static readonly ElapsedWaits None = new();
}
