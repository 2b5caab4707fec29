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

    public static string Rate(double perSecond) => $"{perSecond.ToString("N0", CultureInfo.InvariantCulture)} /s";

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

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
