using System.Collections.Concurrent;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// Reads a service's error (or skipped) queue for the tests. Everything taken from the queue is kept here,
/// so a test never loses another test's message by reading the queue first.
/// </summary>
public sealed class ErrorQueueReader(RabbitMqVirtualHost vhost)
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<QueuedMessage>> taken = new();

    public async Task<QueuedMessage> WaitForAsync(string queue, Func<QueuedMessage, bool> match)
    {
        var kept = taken.GetOrAdd(queue, _ => new ConcurrentQueue<QueuedMessage>());
        await Eventually.TrueAsync(async () =>
        {
            if (kept.Any(match))
                return true;
            foreach (var message in await vhost.TakeAsync(queue, count: 100))
                kept.Enqueue(message);
            return kept.Any(match);
        }, $"a matching message in {queue}");
        return kept.First(match);
    }
}
