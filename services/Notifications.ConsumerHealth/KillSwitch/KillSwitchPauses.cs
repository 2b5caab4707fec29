using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Notifications.ConsumerHealth;

/// <summary>
/// Which receive endpoints MassTransit's kill switch has stopped, and why: an endpoint that stops while the service
/// runs, and not for the stall detector's own restart, was stopped by it (the only other stop is the service's). The
/// last failure that spent every retry on that queue is the reason: it names what is down (a provider's answer, Redis).
/// </summary>
public sealed class KillSwitchPauses(IHostApplicationLifetime lifetime, ConsumerStallDetector stalls, KillSwitches killSwitches, TimeProvider clock)
    : IReceiveEndpointObserver, IConsumeObserver
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> stopped = new();

    public IReadOnlyDictionary<string, (DateTimeOffset Since, string? LastFailure)> Paused() =>
        stopped.ToDictionary(entry => entry.Key, entry => (entry.Value, killSwitches.LastFailureOf(entry.Key)));

    public Task Stopping(ReceiveEndpointStopping stopping)
    {
        if (ReceiveQueueName.Of(stopping.InputAddress) is { } queue && !lifetime.ApplicationStopping.IsCancellationRequested && !stalls.IsRestarting(queue)
            && stopped.TryAdd(queue, clock.GetUtcNow()))
            KillSwitchMetrics.Tripped(queue);
        return Task.CompletedTask;
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (ReceiveQueueName.Of(ready.InputAddress) is { } queue && stopped.TryRemove(queue, out _))
            KillSwitchMetrics.Restarted(queue);
        return Task.CompletedTask;
    }

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    /// <summary>Told once a message's retries are all spent and it goes to the error queue (a redelivered one is told
    /// to <see cref="KillSwitches"/> by the redelivery filter).</summary>
    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        if (ReceiveQueueName.Of(context.ReceiveContext.InputAddress) is { } queue)
            killSwitches.Remember(queue, exception);
        return Task.CompletedTask;
    }
}

/// <summary>Not ready while the kill switch keeps an endpoint from consuming: names the queue, since when, and the failure behind it.</summary>
public sealed class KillSwitchReadinessCheck(KillSwitchPauses pauses) : IHealthCheck
{
    public const string Name = "kill-switch";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var paused = pauses.Paused();
        return Task.FromResult(paused.Count == 0
            ? HealthCheckResult.Healthy("Every receive endpoint consumes.")
            : HealthCheckResult.Unhealthy("Stopped by the kill switch (its messages failed every retry; it tries again every Messaging:KillSwitchRestartSeconds): " +
                string.Join("; ", paused.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
                    $"{p.Key} since {p.Value.Since.UtcDateTime:HH:mm:ss} UTC{(p.Value.LastFailure is { } failure ? ", last failure " + failure : "")}"))));
    }
}
