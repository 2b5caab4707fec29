using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Benchmarks;

/// <summary>A plain MassTransit bus on a vhost, standing in for the chat platform (and the bare baseline).</summary>
public static class BenchBus
{
    public static IBusControl Create(Uri amqpUrl, Action<IRabbitMqBusFactoryConfigurator>? configure = null) =>
        Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            var connection = RabbitMqConnection.Parse(amqpUrl.ToString());
            cfg.Host(connection.Host, connection.Port, connection.VirtualHost, host =>
            {
                host.Username(connection.Username);
                host.Password(connection.Password);
            });
            configure?.Invoke(cfg);
        });

    /// <summary>Publishes concurrently in windows: confirms are awaited together, never one at a time.</summary>
    public static async Task PublishAllAsync<T>(IBus bus, IEnumerable<T> messages, int window = 512) where T : class
    {
        var inFlight = new List<Task>(window);
        foreach (var message in messages)
        {
            inFlight.Add(bus.Publish(message));
            if (inFlight.Count == window)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }
        await Task.WhenAll(inFlight);
    }
}

/// <summary>Completes when the expected number of messages were consumed.</summary>
public sealed class ConsumeCountdown(long expected)
{
    private long consumed;
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Done => done.Task;

    public long Consumed => Interlocked.Read(ref consumed);

    public void Signal()
    {
        if (Interlocked.Increment(ref consumed) == expected)
            done.TrySetResult();
    }
}
