namespace Notifications.Benchmarks.Cpu;

/// <summary>A process whose CPU a run reads; <see cref="Counted"/> is false for the load generator, printed apart.</summary>
public sealed record WatchedProcess(string Name, int Pid, bool Counted = true);

/// <summary>
/// Reads the CPU of a set of processes at two moments (the end of a warm-up and the end of publishing, so
/// start-up and the drain stay out) and divides what each used in between by the items handled meanwhile.
/// </summary>
public sealed class CpuWatch(IReadOnlyList<WatchedProcess> processes)
{
    /// <summary>RabbitMQ (<c>beam.smp</c>) and Redis (<c>redis-server</c>), wherever they run on this machine.</summary>
    public static List<WatchedProcess> Infrastructure()
    {
        var found = new List<WatchedProcess>();
        foreach (var (name, command) in new[] { ("RabbitMQ", "beam.smp"), ("Redis", "redis-server") })
        {
            var pids = ProcessCpu.Named(command);
            found.AddRange(pids.Select(pid => new WatchedProcess(pids.Count == 1 ? name : $"{name} ({pid})", pid)));
        }
        return found;
    }

    /// <summary>This process: the platform's publisher and the SMTP sink, not part of what is measured.</summary>
    public static WatchedProcess LoadGenerator() => new("load generator", Environment.ProcessId, Counted: false);

    public IReadOnlyList<WatchedProcess> Processes => processes;

    public IReadOnlyList<double> Read() => processes.Select(p => ProcessCpu.SecondsOf(p.Pid)).ToList();

    public CpuUse Between(IReadOnlyList<double> start, IReadOnlyList<double> end, long items) =>
        new(processes.Select((p, i) => new CpuShare(p.Name, p.Counted, items <= 0 ? double.NaN : (end[i] - start[i]) * 1000 / items)).ToList());
}

public sealed record CpuShare(string Name, bool Counted, double MsPerItem);

/// <summary>CPU milliseconds per item of each watched process, and the sum of those that are measured.</summary>
public sealed record CpuUse(IReadOnlyList<CpuShare> Shares)
{
    public double CountedMs => Shares.Where(s => s.Counted).Sum(s => s.MsPerItem);

    public double Of(string name) => Shares.FirstOrDefault(s => s.Name == name)?.MsPerItem ?? double.NaN;
}
