using System.Globalization;
using System.Text;

namespace Notifications.Benchmarks;

/// <summary>The figures of one run, printed and recorded with the machine they were measured on.</summary>
public sealed class BenchReport
{
    private readonly List<(string Benchmark, string Figure, string Value, string Target)> rows = [];

    public string Machine { get; } = DescribeMachine();

    public void Add(string benchmark, string figure, string value, string target = "")
    {
        rows.Add((benchmark, figure, value, target));
        Console.WriteLine($"  {figure}: {value}{(target.Length > 0 ? $"   (target {target})" : "")}");
    }

    private readonly List<string> failedPhases = [];

    /// <summary>The phases that failed, in the order they ran.</summary>
    public IReadOnlyList<string> FailedPhases => failedPhases;

    /// <summary>Records a phase that failed, with its reason (exception type and message), in place of its figures.</summary>
    public void Fail(string phase, string reason)
    {
        failedPhases.Add(phase);
        rows.Add((phase, "phase", $"failed: {reason}", ""));
        Console.WriteLine($"  {phase} failed: {reason}");
    }

    /// <summary>The targets the performance goals set, by number; the summary lists each as holds or misses.</summary>
    private static readonly (int Number, string Phase, string What)[] Goals =
    [
        (1, "throughput", "router >= 0.9 x the relay ceiling"),
        (2, "latency", "pipeline CPU per email <= 1.5 x the two-hop floor's"),
        (3, "latency", "end-to-end p99 < 50 ms at 0.8 x the floor's highest sustained rate, and the pipeline's sustained rate >= 0.8 x the floor's"),
        (4, "memory", "router memory growth < 5 % over 1,000,000 events (median of the runs)"),
        (5, "window", "delay window: Redis and broker cost per pending notification, 100,000 pending in under 100 MB of Redis"),
    ];

    private readonly Dictionary<int, List<(string Figure, bool Holds)>> verdicts = [];

    /// <summary>A row for a target's figure with its bound and whether it holds, kept for the closing summary.</summary>
    public void Target(int goal, string benchmark, string figure, string value, string bound, bool holds)
    {
        Add(benchmark, figure, value, $"{bound}: {Verdict(holds)}");
        if (!verdicts.TryGetValue(goal, out var list))
            verdicts[goal] = list = [];
        list.Add(($"{figure} {value}", holds));
    }

    private static string Verdict(bool holds) => holds ? "holds" : "misses";

    /// <summary>Each goal with holds or misses (all of its figures must hold), or why it has no verdict in this run.</summary>
    public void PrintSummary(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Targets:");
        foreach (var (number, phase, what) in Goals)
        {
            var verdict = verdicts.TryGetValue(number, out var figures) ? Verdict(figures.All(f => f.Holds))
                : failedPhases.Contains(phase) ? $"not measured: the {phase} phase failed"
                : $"not measured: the {phase} phase did not run";
            output.WriteLine($"  {number}. {what}: {verdict}");
            foreach (var (figure, holds) in figures ?? [])
                output.WriteLine($"       {Verdict(holds)}: {figure}");
        }
        if (failedPhases.Count > 0)
            output.WriteLine($"  failed phases: {string.Join(", ", failedPhases)}");
    }

    public static string Rate(double perSecond) => $"{perSecond.ToString("N0", CultureInfo.InvariantCulture)} /s";

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>CPU per item: a hundredth of a millisecond tells RabbitMQ's and Redis's shares apart.</summary>
    public static string CpuMs(double milliseconds) => $"{milliseconds.ToString("0.00", CultureInfo.InvariantCulture)} ms";

    public static string Ms(double milliseconds) => $"{milliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms";

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(Table());
    }

    public void AppendTo(string path)
    {
        var text = new StringBuilder();
        if (!File.Exists(path))
            text.AppendLine("# Performance\n\nEach `make bench` run appends a table here. Every figure is measured against a baseline in the same run.\n\n## Runs\n");
        text.AppendLine($"### Run of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC\n");
        text.AppendLine($"Machine: {Machine}\n");
        text.AppendLine(Table());
        using (var summary = new StringWriter())
        {
            PrintSummary(summary);
            text.AppendLine("```text" + summary.ToString().TrimEnd() + "\n```\n");
        }
        File.AppendAllText(path, text.ToString());
        Console.WriteLine($"Recorded in {path}");
    }

    private string Table()
    {
        var table = new StringBuilder("| benchmark | figure | value | target |\n|---|---|---|---|\n");
        foreach (var (benchmark, figure, value, target) in rows)
            table.AppendLine($"| {benchmark} | {figure} | {value} | {target} |");
        return table.ToString();
    }

    private static string DescribeMachine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory ?? "unknown memory"}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; RabbitMQ, Redis and the services on the same machine";
    }
}
