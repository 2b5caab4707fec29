using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.Benchmarks;

/// <summary>
/// Runs the benchmarks named on the command line (all by default), prints each figure with its baseline and
/// ratio, and appends the run to docs/performance.md. Sizes come from environment variables so a quick run
/// is possible: BENCH_THROUGHPUT_MESSAGES, BENCH_LATENCY_RATE, BENCH_LATENCY_SECONDS, BENCH_SMTP_EMAILS,
/// BENCH_MEMORY_EVENTS.
/// </summary>
public static class BenchmarkRunner
{
    private static readonly string[] All = ["throughput", "latency", "smtp", "memory", "window"];

    public static async Task<int> RunAsync(string[] args)
    {
        var selected = args.Length == 0 || args.Contains("all") ? All : args;
        var unknown = selected.Except(All).ToArray();
        if (unknown.Length > 0)
        {
            Console.Error.WriteLine($"Unknown benchmark(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", All)}.");
            return 2;
        }

        await using var environment = await TestEnvironment.StartAsync();
        var report = new BenchReport();
        Console.WriteLine($"Machine: {report.Machine}");

        foreach (var name in selected)
        {
            Console.WriteLine($"\n== {name} ==");
            switch (name)
            {
                case "throughput":
                    await RouterThroughputBench.RunAsync(environment, report, Setting("BENCH_THROUGHPUT_MESSAGES", 20_000));
                    break;
                case "latency":
                    // The target rate, then a quarter of it: where the target is missed, the second run shows whether
                    // the pipeline is slow per message or only saturated at that rate.
                    var rate = Setting("BENCH_LATENCY_RATE", 1_000);
                    foreach (var each in new[] { rate, Math.Max(1, rate / 4) })
                        await EndToEndLatencyBench.RunAsync(environment, report, each, Setting("BENCH_LATENCY_SECONDS", 30), target: each == rate);
                    break;
                case "smtp":
                    await SmtpReuseBench.RunAsync(report, Setting("BENCH_SMTP_EMAILS", 2_000));
                    break;
                case "memory":
                    await RouterMemoryBench.RunAsync(environment, report, Setting("BENCH_MEMORY_EVENTS", 1_000_000));
                    break;
                case "window":
                    await DelayWindowBench.RunAsync(environment, report, Setting("BENCH_WINDOW_MESSAGES", 10_000),
                        Setting("BENCH_WINDOW_RELEASE_SECONDS", 10), Setting("BENCH_WINDOW_PENDING", 100_000));
                    break;
            }
        }

        report.Print(Console.Out);
        report.AppendTo(Path.Combine(RepositoryRoot(), "docs", "performance.md"));
        return 0;
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Notifications.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}
