using System.Globalization;

namespace Notifications.Benchmarks;

/// <summary>
/// The machine's busy CPU time between two readings of <c>/proc/stat</c>, all processes together: the broker,
/// Redis, the services and the load generator share the cores, so what one notification costs is what the whole
/// machine spent on it. Divided by the notifications handled in the same interval, it says how many of the
/// cores a given rate needs, which a latency figure alone does not.
/// </summary>
public sealed class MachineCpu
{
    private readonly double startBusySeconds = BusySeconds();

    /// <summary>Busy core-milliseconds per item since this reading started, or NaN where /proc/stat is missing.</summary>
    public double MillisecondsPer(long items) => items <= 0 ? double.NaN : (BusySeconds() - startBusySeconds) * 1000 / items;

    /// <summary>The first line of /proc/stat: user nice system idle iowait irq softirq steal ..., in clock ticks.</summary>
    private static double BusySeconds()
    {
        if (!File.Exists("/proc/stat"))
            return double.NaN;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        const int idle = 3, iowait = 4, steal = 7;
        long busy = 0;
        for (var i = 0; i < Math.Min(fields.Length, 8); i++)
            if (i is not idle and not iowait and not steal)
                busy += fields[i];
        // USER_HZ is 100 on every Linux this runs on.
        return busy / 100.0;
    }
}
