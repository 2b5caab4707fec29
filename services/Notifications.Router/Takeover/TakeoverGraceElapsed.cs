using Notifications.Contracts;

namespace Notifications.Router.Takeover;

/// <summary>
/// The router's note to itself that a held message's Human Takeover grace window is over. It waits in the
/// wait queue for the window (the queue's message TTL) and is then dead-lettered back to the router's queue.
/// Internal to the router: not part of the contracts.
/// </summary>
public sealed record TakeoverGraceElapsed
{
    public required MessagePosted Message { get; init; }
}
