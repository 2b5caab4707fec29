using MassTransit;
using Notifications.Router.Routing;

namespace Notifications.Router.Waits;

/// <summary>The wait for unknown recipients is over: route the message with the directory as it is now.</summary>
public sealed class DirectoryWaitElapsedConsumer(MessageRouter router) : IConsumer<DirectoryWaitElapsed>
{
    public async Task Consume(ConsumeContext<DirectoryWaitElapsed> context)
    {
        var note = context.Message;
        using var activity = RouteActivity.Start(note.Message);
        await router.RouteAsync(context, note.Message, new ElapsedWaits(TakeoverGrace: note.TakeoverGraceElapsed, Directory: true));
    }
}
