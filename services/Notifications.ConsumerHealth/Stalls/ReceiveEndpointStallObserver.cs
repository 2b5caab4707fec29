using MassTransit;

namespace Notifications.ConsumerHealth;

/// <summary>
/// Tells the stall detector which receive endpoints the bus runs, and when one is stopped on purpose (the kill
/// switch, the service stopping) so its quiet is not read as a stall. A fault (the broker connection lost) is no
/// pause: the endpoint is still expected to consume once the broker is back.
/// </summary>
public sealed class ReceiveEndpointStallObserver(ConsumerStallDetector detector) : IReceiveEndpointObserver
{
    public Task Ready(ReceiveEndpointReady ready)
    {
        if (ReceiveQueueName.Of(ready.InputAddress) is { } queue)
            detector.EndpointReady(queue, ready.ReceiveEndpoint);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping)
    {
        if (ReceiveQueueName.Of(stopping.InputAddress) is { } queue)
            detector.EndpointStopping(queue);
        return Task.CompletedTask;
    }

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
