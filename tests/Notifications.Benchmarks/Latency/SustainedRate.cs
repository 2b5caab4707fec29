using Notifications.Benchmarks.Running;

namespace Notifications.Benchmarks.Latency;

/// <summary>
/// The highest rate a system sustains on this machine: steps the offered rate up by a quarter at a time
/// (BENCH_STEP_START_RATE, 250/s by default; BENCH_STEP_SECONDS each, 10 by default) until it falls behind, that
/// is until fewer than 0.95 x the offered emails per second arrive or the p99 after the step's first 2 s passes
/// BENCH_STEP_P99_MS (250 ms by default: a backlog building, not a slow email). The last step it kept up with is
/// its sustained rate; BENCH_STEP_MAX_RATE (20,000/s) caps the search. A 5 s run at the starting rate before
/// the first step is not counted (just-in-time compilation, first connections).
/// </summary>
public static class SustainedRate
{
    public static async Task<(int Rate, bool Capped)> FindAsync(SystemUnderTest system)
    {
        var rate = BenchSettings.Int("BENCH_STEP_START_RATE", 250);
        var cap = BenchSettings.Int("BENCH_STEP_MAX_RATE", 20_000);
        var step = TimeSpan.FromSeconds(BenchSettings.Int("BENCH_STEP_SECONDS", 10));
        var bound = BenchSettings.Int("BENCH_STEP_P99_MS", 250);
        // Not counted: a first run at the starting rate, so the first step does not carry just-in-time compilation.
        await RateRun.RunAsync(system, $"{system.Name}-step-warm-up", rate, TimeSpan.FromSeconds(5), TimeSpan.Zero);
        var sustained = 0;
        while (true)
        {
            var result = await RateRun.RunAsync(system, $"{system.Name}-step-{rate}", rate, step, TimeSpan.FromSeconds(2));
            var keptUp = result.KeptUp(bound);
            Console.WriteLine($"     {system.Name} at {rate}/s: {result.Delivered:N0} of {result.Published:N0} emails at {BenchReport.Rate(result.DeliveredRate)}, p99 {BenchReport.Ms(result.SteadyP99)}: {(keptUp ? "kept up" : "fell behind")}");
            if (!keptUp)
                return (sustained, false);
            sustained = rate;
            if (rate >= cap)
                return (sustained, true);
            rate = Math.Min(cap, (int)Math.Ceiling(rate * 1.25));
        }
    }
}
