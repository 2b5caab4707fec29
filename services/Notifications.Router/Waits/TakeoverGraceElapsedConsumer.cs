using MassTransit;
using Notifications.Router.Routing;

namespace Notifications.Router.Waits;

/// <summary>
/// The grace window of a held message is over: route it now, with the bot's outcome if it came. The note carries the
/// whole message, so a held copy Redis lost is routed from the note; one already routed is not routed again (and a
/// second routing would only repeat the same notification ids, which the senders' ledger sends once).
/// </summary>
public sealed class TakeoverGraceElapsedConsumer(HeldMessages held, MessageRouter router, ILogger<TakeoverGraceElapsedConsumer> logger)
    : IConsumer<TakeoverGraceElapsed>
{
    public async Task Consume(ConsumeContext<TakeoverGraceElapsed> context)
    {
        var messageId = context.Message.Message.MessageId;
        var message = await held.ClaimAsync(messageId, HeldMessages.GraceElapsed, ownCopy: context.Message.Message);
        if (message is null)
        {
            logger.LogDebug("Message {MessageId} was already routed (or is being routed) on the bot's outcome", messageId);
            return;
        }
        if (ReferenceEquals(message, context.Message.Message))
            logger.LogWarning("Message {MessageId}: its held copy is gone from Redis though it was not routed; routing the grace note's copy", messageId);
        using (RouteActivity.Start(message))
            await router.RouteAsync(context, message, new ElapsedWaits(TakeoverGrace: true));
        await held.ReleaseAsync(messageId);
    }
}
