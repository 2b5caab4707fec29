using MassTransit;
using Notifications.Contracts;

namespace Notifications.Router.Waits;

/// <summary>
/// The router's note to itself that a held message's Human Takeover grace window is over. It goes through the
/// delay ladder and comes back to the router's queue when the window ends. Internal to the router: not part of
/// the contracts.
/// </summary>
/// <remarks>The message type keeps the name it had before the waits moved here: notes still in a wait queue of an
/// earlier version reach the router under that name and must still be consumed.</remarks>
[MessageUrn("Notifications.Router.Takeover:TakeoverGraceElapsed")]
public sealed record TakeoverGraceElapsed
{
    public required MessagePosted Message { get; init; }
}
