using MassTransit;
using Notifications.Router.Routing;

namespace Notifications.Router.Directory;

/// <summary>The wait for unknown recipients is over: route the message with the directory as it is now.</summary>
public sealed class DirectoryWaitElapsedConsumer(MessageRouter router) : IConsumer<DirectoryWaitElapsed>
{
    public async Task Consume(ConsumeContext<DirectoryWaitElapsed> context)
    {
        using var activity = RouteActivity.Start(context.Message.Message);
        await router.RouteAsync(context, context.Message.Message, context.Message.TakeoverGraceElapsed, directoryWaitElapsed: true);
    }
}
