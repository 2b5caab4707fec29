using System.Diagnostics.Metrics;
using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.ConsumerHealth.Tests;

/// <summary>The kill-switch state per queue on <c>notifications.consumer.kill_switch_stopped</c>: 1 from the switch's
/// stop to the endpoint's restart, 0 otherwise, and no count for the service's own stop or the stall restart.</summary>
public sealed class KillSwitchMetricsTests : IDisposable
{
    // A queue of this test alone: the meter is static, other tests record on it too.
    private readonly string queue = $"send-kill-switch-{Guid.NewGuid():N}";
    private readonly ManualClock clock = new();
    private readonly StoppingLifetime lifetime = new();
    private readonly ConsumerStallDetector stalls;
    private readonly KillSwitchPauses pauses;
    private readonly MeterListener listener = new();
    private long stopped;

    public KillSwitchMetricsTests()
    {
        var consumerPauses = new ConsumerPauses(clock);
        stalls = new ConsumerStallDetector(clock, Options.Create(new StallOptions()), consumerPauses);
        pauses = new KillSwitchPauses(lifetime, stalls, new KillSwitches(), clock);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NotificationsTelemetry.Name && instrument.Name == "notifications.consumer.kill_switch_stopped")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == NotificationsTelemetry.Queue && Equals(tag.Value, queue))
                    Interlocked.Add(ref stopped, value);
            }
        });
        listener.Start();
    }

    [Fact]
    public async Task TheSwitchsStop_CountsOne_UntilTheEndpointIsReadyAgain()
    {
        await pauses.Stopping(Endpoint.Stopping(queue));
        Assert.Equal(1, stopped);
        Assert.Contains(queue, pauses.Paused().Keys);

        // MassTransit may tell a stop twice: the queue is still one endpoint stopped.
        await pauses.Stopping(Endpoint.Stopping(queue));
        Assert.Equal(1, stopped);

        await pauses.Ready(Endpoint.Ready(queue));
        Assert.Equal(0, stopped);
        Assert.Empty(pauses.Paused());
    }

    [Fact]
    public async Task AnEndpointReadyWithoutAStop_DoesNotCountBelowZero()
    {
        await pauses.Ready(Endpoint.Ready(queue));
        Assert.Equal(0, stopped);
    }

    [Fact]
    public async Task TheServicesOwnStop_IsNoKillSwitchStop()
    {
        lifetime.Stop();
        await pauses.Stopping(Endpoint.Stopping(queue));
        Assert.Equal(0, stopped);
        Assert.Empty(pauses.Paused());
    }

    public void Dispose() => listener.Dispose();

    private sealed class StoppingLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Stop() => stopping.Cancel();

        public void StopApplication() => stopping.Cancel();
    }

    /// <summary>The endpoint events, of which KillSwitchPauses reads only the input address.</summary>
    public class Endpoint : DispatchProxy
    {
        private Uri? address;

        public static ReceiveEndpointStopping Stopping(string queue) => Create<ReceiveEndpointStopping>(queue);

        public static ReceiveEndpointReady Ready(string queue) => Create<ReceiveEndpointReady>(queue);

        private static T Create<T>(string queue) where T : class
        {
            var proxy = Create<T, Endpoint>();
            ((Endpoint)(object)proxy).address = new Uri($"rabbitmq://localhost/{queue}");
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == "get_InputAddress" ? address : throw new NotSupportedException($"{targetMethod?.Name} is not expected in this test.");
    }
}
