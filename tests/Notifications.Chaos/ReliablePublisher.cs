using MassTransit;

namespace Notifications.Chaos;

/// <summary>
/// Publishes as a careful platform does: many publishes in flight (their confirms awaited together, never one
/// at a time), and a publish that fails or is not confirmed in time is repeated until it is. A repeated
/// <see cref="Notifications.Contracts.MessagePosted"/> gives the same notification ids, so it sends nothing twice.
/// </summary>
public sealed class ReliablePublisher(IBus bus, int window = 512)
{
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim slots = new(window, window);
    private readonly List<Task> inFlight = [];
    private long republished;

    public long Republished => Interlocked.Read(ref republished);

    public async Task PublishAsync<T>(T message, CancellationToken cancellationToken) where T : class
    {
        await slots.WaitAsync(cancellationToken);
        var task = PublishUntilConfirmedAsync(message, cancellationToken);
        lock (inFlight)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            inFlight.Add(task);
        }
    }

    /// <summary>Publishes and waits for the broker's confirm (repeating the publish like the others): what must be
    /// in the queue before the next publish.</summary>
    public async Task PublishConfirmedAsync<T>(T message, CancellationToken cancellationToken) where T : class
    {
        await slots.WaitAsync(cancellationToken);
        await PublishUntilConfirmedAsync(message, cancellationToken);
    }

    public async Task CompleteAsync()
    {
        Task[] pending;
        lock (inFlight)
            pending = [.. inFlight];
        await Task.WhenAll(pending);
    }

    private async Task PublishUntilConfirmedAsync<T>(T message, CancellationToken cancellationToken) where T : class
    {
        try
        {
            while (true)
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(ConfirmTimeout);
                    await bus.Publish(message, timeout.Token);
                    return;
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref republished);
                    await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                }
            }
        }
        finally
        {
            slots.Release();
        }
    }
}
