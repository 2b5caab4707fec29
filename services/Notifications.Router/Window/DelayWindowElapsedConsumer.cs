using MassTransit;

namespace Notifications.Router.Window;

/// <summary>A delay window's note is back from the ladder: release the window (<see cref="DelayWindowRelease"/>).</summary>
public sealed class DelayWindowElapsedConsumer(DelayWindowRelease release) : IConsumer<DelayWindowElapsed>
{
    public Task Consume(ConsumeContext<DelayWindowElapsed> context) => release.ReleaseAsync(context, context.Message);
}
