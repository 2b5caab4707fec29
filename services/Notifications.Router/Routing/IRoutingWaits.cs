using MassTransit;
using Notifications.Contracts;

namespace Notifications.Router.Routing;

/// <summary>
/// Parks a message that cannot be decided yet; it comes back to <see cref="MessageRouter"/> when the wait is over.
/// Implemented by the router's waits (the <c>Waits</c> folder), which depend on routing, not the other way round.
/// </summary>
public interface IRoutingWaits
{
    /// <summary>A6: hold the message until the bot's outcome or the end of the grace window, whichever comes first.</summary>
    /// <returns>False when the bot's outcome was recorded meanwhile: nothing is held, the message is decided now.</returns>
    Task<bool> HoldForBotAsync(ConsumeContext context, MessagePosted message);

    /// <summary>The row names someone the directory does not know yet: decide again once their participant event had time to arrive.</summary>
    Task WaitForDirectoryAsync(ConsumeContext context, MessagePosted message, ElapsedWaits elapsed);
}
