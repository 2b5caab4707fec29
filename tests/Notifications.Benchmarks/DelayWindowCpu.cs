using System.Globalization;

namespace Notifications.Benchmarks;

/// <summary>
/// CPU time of the broker (<c>beam.smp</c>), Redis (<c>redis-server</c>) and this process (the services run in it,
/// with the platform) between two readings of <c>/proc/{pid}/stat</c>: where the delay window's cost goes, which the
/// machine's total does not say. A process that is not found (another machine, a container) reads NaN.
/// </summary>
public sealed class DelayWindowCpu
{
    private static readonly string[] Processes = ["beam.smp", "redis-server"];

    private readonly (int? Pid, double Seconds)[] start;

    private DelayWindowCpu((int? Pid, double Seconds)[] start) => this.start = start;

    public static DelayWindowCpu Start() =>
        new(Processes.Select(FindPid).Append(Environment.ProcessId).Select(pid => (pid, Seconds(pid))).ToArray());

    /// <summary>"RabbitMQ 0.52 ms / Redis 0.11 ms / services and platform 1.20 ms" per item since <see cref="Start"/>.</summary>
    public string PerItem(long items)
    {
        var names = new[] { "RabbitMQ", "Redis", "services and platform" };
        return string.Join(" / ", start.Select((s, i) =>
            $"{names[i]} {((Seconds(s.Pid) - s.Seconds) * 1000 / items).ToString("0.00", CultureInfo.InvariantCulture)} ms"));
    }

    private static int? FindPid(string command)
    {
        foreach (var directory in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == command)
                    return pid;
            }
            catch (IOException)
            {
                // gone meanwhile
            }
        }
        return null;
    }

    /// <summary>utime + stime (fields 14 and 15 of /proc/{pid}/stat, after the command in parentheses), in seconds.</summary>
    private static double Seconds(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/stat"))
            return double.NaN;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command: state is field 3, so utime (14) and stime (15) are at 11 and 12 here. USER_HZ is 100.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
