using Notifications.Benchmarks.Processes;
using Notifications.Benchmarks.Running;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.Benchmarks;

/// <summary>
/// Runs the benchmarks named on the command line (all by default), each in a guard that records a failure
/// and goes on, prints each figure with its baseline and ratio, and appends the run to docs/performance.md.
/// Exits 1 after everything was printed and recorded when a phase failed. Sizes come from BENCH_* environment
/// variables (the Makefile's comment of <c>bench</c> lists them) so a quick run is possible.
/// </summary>
public static class BenchmarkRunner
{
    /// <summary>The phases in the order they run; a new benchmark is one entry here.</summary>
    private static readonly BenchPhase[] Phases =
    [
        new("throughput", TimeSpan.FromMinutes(30), (environment, report) =>
            RouterThroughputBench.RunAsync(environment, report, BenchSettings.Int("BENCH_THROUGHPUT_MESSAGES", 20_000))),
        new("latency", TimeSpan.FromMinutes(45), (environment, report) =>
            EndToEndLatencyBench.RunAsync(environment, report, BenchSettings.Int("BENCH_LATENCY_SECONDS", 30))),
        new("smtp", TimeSpan.FromMinutes(10), (_, report) =>
            SmtpReuseBench.RunAsync(report, BenchSettings.Int("BENCH_SMTP_EMAILS", 2_000))),
        new("memory", TimeSpan.FromMinutes(90), (environment, report) =>
            RouterMemoryBench.RunAsync(environment, report, BenchSettings.Int("BENCH_MEMORY_EVENTS", 1_000_000))),
        new("window", TimeSpan.FromMinutes(30), (environment, report) =>
            DelayWindowBench.RunAsync(environment, report, BenchSettings.Int("BENCH_WINDOW_MESSAGES", 10_000),
                BenchSettings.Int("BENCH_WINDOW_RELEASE_SECONDS", 10), BenchSettings.Int("BENCH_WINDOW_PENDING", 100_000))),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var known = Phases.Select(p => p.Name).ToArray();
        var names = args.Length == 0 || args.Contains("all") ? known : args;
        var unknown = names.Except(known).ToArray();
        if (unknown.Length > 0)
        {
            Console.Error.WriteLine($"Unknown benchmark(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", known)}.");
            return 2;
        }

        await using var environment = await TestEnvironment.StartAsync();
        var report = new BenchReport();
        Console.WriteLine($"Machine: {report.Machine}");

        try
        {
            foreach (var phase in Phases.Where(p => names.Contains(p.Name)))
                await PhaseGuard.RunAsync(phase, environment, report);
        }
        finally
        {
            await BenchProcess.StopAllLeftRunningAsync();
        }

        report.Print(Console.Out);
        report.PrintSummary(Console.Out);
        report.AppendTo(Path.Combine(RepositoryRoot(), "docs", "performance.md"));
        if (report.FailedPhases.Count == 0)
            return 0;
        Console.Error.WriteLine($"Failed phase(s): {string.Join(", ", report.FailedPhases)} (reasons above and in docs/performance.md).");
        return 1;
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Notifications.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}
