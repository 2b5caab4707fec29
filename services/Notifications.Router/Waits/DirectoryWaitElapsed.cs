using MassTransit;
using Notifications.Contracts;

namespace Notifications.Router.Waits;

/// <summary>
/// The router's note to itself that a message naming unknown recipients has waited for their participant
/// events. It goes through the delay ladder and comes back to the router's queue when the wait is over.
/// Internal to the router: not part of the contracts.
/// </summary>
/// <remarks>The message type keeps the name it had before the waits moved here: notes still in a wait queue of an
/// earlier version reach the router under that name and must still be consumed.</remarks>
[MessageUrn("Notifications.Router.Directory:DirectoryWaitElapsed")]
public sealed record DirectoryWaitElapsed
{
    public required MessagePosted Message { get; init; }

    /// <summary>The message had been held for the bot (A6) and its grace window was already over: it must not be held again.</summary>
    public bool TakeoverGraceElapsed { get; init; }
}
