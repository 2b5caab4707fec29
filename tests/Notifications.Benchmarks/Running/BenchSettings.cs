namespace Notifications.Benchmarks.Running;

/// <summary>The sizes of a run, from BENCH_* environment variables, so a quick run is possible.</summary>
public static class BenchSettings
{
    public static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}
