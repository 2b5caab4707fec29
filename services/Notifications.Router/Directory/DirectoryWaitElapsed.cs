using Notifications.Contracts;

namespace Notifications.Router.Directory;

/// <summary>
/// The router's note to itself that a message naming unknown recipients has waited for their participant
/// events. It waits in the directory wait queue (<see cref="Waiting.WaitQueue.Directory"/>) and is then
/// dead-lettered back to the router's queue. Internal to the router: not part of the contracts.
/// </summary>
public sealed record DirectoryWaitElapsed
{
    public required MessagePosted Message { get; init; }

    /// <summary>The message had been held for the bot (A6) and its grace window was already over: it must not be held again.</summary>
    public bool TakeoverGraceElapsed { get; init; }
}
