using MassTransit;
using Notifications.Router.Routing;

namespace Notifications.Router.Waits;

/// <summary>The grace window of a held message is over: route it now, with the bot's outcome if it came.</summary>
public sealed class TakeoverGraceElapsedConsumer(HeldMessages held, MessageRouter router, ILogger<TakeoverGraceElapsedConsumer> logger)
    : IConsumer<TakeoverGraceElapsed>
{
    public async Task Consume(ConsumeContext<TakeoverGraceElapsed> context)
    {
        var messageId = context.Message.Message.MessageId;
        var message = await held.ClaimAsync(messageId, HeldMessages.GraceElapsed);
        if (message is null)
        {
            logger.LogDebug("Message {MessageId} was already routed (or is being routed) on the bot's outcome", messageId);
            return;
        }
        using (RouteActivity.Start(message))
            await router.RouteAsync(context, message, new ElapsedWaits(TakeoverGrace: true));
        await held.ReleaseAsync(messageId);
    }
}
