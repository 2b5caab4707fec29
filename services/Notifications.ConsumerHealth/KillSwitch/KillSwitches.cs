using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Transports.Components;

namespace Notifications.ConsumerHealth;

/// <summary>
/// MassTransit's kill switch, one per receive endpoint, and the last failure that spent every retry on each queue.
/// MassTransit installs a kill switch as a consume observer, which sees a message fail only when the exception leaves
/// the consume pipe; a message the delayed redelivery puts back leaves it successfully. So the redelivery filter tells
/// the endpoint's kill switch of each failure it absorbs (<see cref="FailedEveryRetry"/>): while a dependency is down,
/// every message fails and the switch stops the queue, as it would without redelivery.
/// </summary>
public sealed class KillSwitches
{
    private readonly ConcurrentDictionary<string, KillSwitch> byQueue = new();
    private readonly ConcurrentDictionary<string, string> lastFailure = new();

    /// <summary>Installs the endpoint's kill switch (it connects itself as a consume observer once the endpoint is ready).</summary>
    public void Install(string queue, IReceiveEndpointConfigurator endpoint, MessagingOptions options)
    {
        var killSwitch = new KillSwitch(new KillSwitchOptions()
            .SetActivationThreshold(options.KillSwitchActivationThreshold)
            .SetTripThreshold(options.KillSwitchTripPercent)
            .SetTrackingPeriod(TimeSpan.FromSeconds(options.KillSwitchTrackingSeconds))
            .SetRestartTimeout(TimeSpan.FromSeconds(options.KillSwitchRestartSeconds))
            // Bad input says nothing about a dependency: a flood of it must not stop the queue.
            .SetExceptionFilter(filter => filter.Ignore(BadInput.ExceptionTypes)));
        byQueue[queue] = killSwitch;
        endpoint.ConnectReceiveEndpointObserver(killSwitch);
        KillSwitchMetrics.Installed(queue);
    }

    /// <summary>A message of <paramref name="queue"/> failed every in-memory retry (and is redelivered later).</summary>
    public Task FailedEveryRetry<T>(string queue, ConsumeContext<T> context, Exception failure) where T : class
    {
        Remember(queue, failure);
        return byQueue.TryGetValue(queue, out var killSwitch) ? killSwitch.ConsumeFault(context, failure) : Task.CompletedTask;
    }

    /// <summary>The type and first line of the last failure that spent every retry on <paramref name="queue"/>.</summary>
    public string? LastFailureOf(string queue) => lastFailure.GetValueOrDefault(queue);

    public void Remember(string queue, Exception failure)
    {
        // The type and the first line only: a readiness answer is no place for a message's contents.
        var line = failure.Message.Split('\n', 2)[0].Trim();
        lastFailure[queue] = $"{failure.GetType().Name}: {(line.Length <= 200 ? line : line[..200] + "...")}";
    }
}
