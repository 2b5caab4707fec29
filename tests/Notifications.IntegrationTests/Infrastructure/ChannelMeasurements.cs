using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>One measurement of the <c>Notifications</c> meter, with its tags.</summary>
public sealed record ChannelMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

/// <summary>
/// Keeps the <c>Notifications</c> meter's measurements tagged with one channel. Other tests count on the same
/// instruments at the same time, so a test gives its outcomes a channel nobody else uses and reads only those.
/// </summary>
public sealed class ChannelMeasurements : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<ChannelMeasurement> kept = new();

    public ChannelMeasurements(string channel)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NotificationsTelemetry.Name)
                l.EnableMeasurementEvents(instrument);
        };
        void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var byKey = tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value);
            if (byKey.TryGetValue(NotificationsTelemetry.Channel, out var tagged) && Equals(tagged, channel))
                kept.Enqueue(new ChannelMeasurement(instrument.Name, value, byKey));
        }
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        listener.Start();
    }

    /// <summary>The measurements of one instrument, in the order they were taken.</summary>
    public IReadOnlyList<ChannelMeasurement> Of(string instrument) => kept.Where(m => m.Instrument == instrument).ToList();

    /// <summary>Every instrument measured, once per measurement.</summary>
    public IReadOnlyList<string> Instruments => kept.Select(m => m.Instrument).ToList();

    public void Dispose() => listener.Dispose();
}
