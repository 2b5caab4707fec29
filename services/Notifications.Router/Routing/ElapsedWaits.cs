namespace Notifications.Router.Routing;

/// <summary>
/// What a message has already waited for, so the decision does not wait for it again: each wait happens at most
/// once per message, and a message that comes back from one wait may still start the other.
/// </summary>
/// <param name="TakeoverGrace">A6: the message was held for the bot and its grace window is over.</param>
/// <param name="Directory">The message waited for unknown recipients to reach the directory: decide with what is known.</param>
/// <param name="Escalation">Row E1: the message's unanswered stretch is over; it is decided for the next tier alone.</param>
public sealed record ElapsedWaits(bool TakeoverGrace = false, bool Directory = false, bool Escalation = false)
{
    /// <summary>A message as it arrives from the platform.</summary>
    public static readonly ElapsedWaits None = new();

    /// <summary>An escalation: no directory wait either (the tier is read from the directory as it is now).</summary>
    public static readonly ElapsedWaits Escalated = new(TakeoverGrace: true, Directory: true, Escalation: true);
}
