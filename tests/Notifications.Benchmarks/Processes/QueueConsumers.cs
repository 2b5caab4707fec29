namespace Notifications.Benchmarks.Processes;

/// <summary>
/// Waits until each queue has a consumer. MassTransit declares a queue, binds it to its exchanges and only then
/// consumes it, so a consumer is the sign that a published message reaches it (a queue that merely exists is not).
/// </summary>
public static class QueueConsumers
{
    public static async Task WaitAsync(Uri amqpUrl, IReadOnlyList<string> queues, IReadOnlyList<BenchProcess> processes)
    {
        await using var depth = await QueueDepth.ConnectAsync(amqpUrl);
        var limit = TimeSpan.FromSeconds(120);
        var deadline = DateTime.UtcNow + limit;
        foreach (var queue in queues)
        {
            while (await depth.ConsumersOfAsync(queue) <= 0)
            {
                if (processes.FirstOrDefault(p => p.HasExited) is { } exited)
                    throw new InvalidOperationException($"{exited.Name} exited with code {exited.ExitCode} before {queue} was consumed (its errors are above, marked [{exited.Name}]).");
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Queue {queue} had no consumer within {limit.TotalSeconds:0} s.");
                await Task.Delay(200);
            }
        }
    }
}
