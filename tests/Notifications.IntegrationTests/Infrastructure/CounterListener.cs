using System.Diagnostics.Metrics;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// Sums one counter's measurements whose tags include all of <c>tags</c>, from the moment it is created. Tests in
/// other collections run in the same process, so assert "at least" rather than an exact total.
/// </summary>
public sealed class CounterListener : IDisposable
{
    private readonly MeterListener listener = new();
    private long total;

    public CounterListener(string instrumentName, params (string Key, object Value)[] tags)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == instrumentName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, measured, _) =>
        {
            foreach (var (key, expected) in tags)
            {
                var found = false;
                foreach (var tag in measured)
                    found |= tag.Key == key && Equals(tag.Value, expected);
                if (!found)
                    return;
            }
            Interlocked.Add(ref total, value);
        });
        listener.Start();
    }

    public long Total => Interlocked.Read(ref total);

    public void Dispose() => listener.Dispose();
}
