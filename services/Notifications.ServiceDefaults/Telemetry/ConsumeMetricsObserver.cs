using System.Diagnostics.Metrics;
using MassTransit;

namespace Notifications.ServiceDefaults.Telemetry;

/// <summary>Counts every message a consumer of this service finished or threw on (<c>notifications.events.consumed</c>).</summary>
public sealed class ConsumeMetricsObserver : IConsumeObserver
{
    public const string MessageType = "messaging.message.type";

    /// <summary>Messages a consumer finished (outcome <c>consumed</c>) or threw on (outcome <c>faulted</c>), by message type.</summary>
    public static readonly Counter<long> EventsConsumed = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.events.consumed", unit: "{message}", description: "Messages consumed, by message type and outcome");

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        EventsConsumed.Add(1, new(MessageType, typeof(T).Name), new(NotificationsTelemetry.Outcome, "consumed"));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        EventsConsumed.Add(1, new(MessageType, typeof(T).Name), new(NotificationsTelemetry.Outcome, "faulted"));
        return Task.CompletedTask;
    }
}
