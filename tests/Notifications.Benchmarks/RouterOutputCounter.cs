using System.Diagnostics.Metrics;

namespace Notifications.Benchmarks;

/// <summary>
/// Counts what the router sent while it ran, from its own metrics (<c>notifications.routed</c>: channel commands;
/// <c>notifications.suppressed</c>: suppression events), so the benchmark can say how many broker messages each
/// chat message cost: the figure that sets the router's rate against the bare consumer's.
/// </summary>
public sealed class RouterOutputCounter : IDisposable
{
    private readonly MeterListener listener = new();
    private long commands;
    private long suppressions;

    public RouterOutputCounter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name is "notifications.routed" or "notifications.suppressed")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "notifications.routed")
                Interlocked.Add(ref commands, value);
            else
                Interlocked.Add(ref suppressions, value);
        });
        listener.Start();
    }

    public long Commands => Interlocked.Read(ref commands);

    public long Suppressions => Interlocked.Read(ref suppressions);

    public void Dispose() => listener.Dispose();
}
