using MassTransit;

namespace Notifications.ConsumerHealth;

/// <summary>Tells the stall detector when a consumer starts and finishes (or throws on) a message, per input queue.</summary>
public sealed class ConsumerProgressObserver(ConsumerStallDetector detector) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (QueueOf(context) is { } queue)
            detector.MessageStarted(queue);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (QueueOf(context) is { } queue)
            detector.MessageFinished(queue);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        if (QueueOf(context) is { } queue)
            detector.MessageFinished(queue);
        return Task.CompletedTask;
    }

    private static string? QueueOf(ConsumeContext context) =>
        context.ReceiveContext.InputAddress is { } address ? ReceiveQueueName.Of(address) : null;
}
