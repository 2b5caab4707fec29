using Notifications.Benchmarks.Cpu;
using Notifications.Benchmarks.Latency;
using Notifications.Benchmarks.Running;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.Benchmarks;

/// <summary>
/// End-to-end latency against the floor of the product's shape, both run as processes of their own and both
/// delivering by SMTP to the same kind of sink. In each run: the floor's highest sustained rate is measured
/// (<see cref="SustainedRate"/>); the floor, then the pipeline (the router and the email sender, the delay window
/// at 0, after 5 s of warm-up that are not counted), are run at 0.8 x that rate for BENCH_LATENCY_SECONDS (30 by
/// default), latency and per-process CPU read; then the pipeline's own sustained rate is measured. Each run's ratios are against its own floor.
/// </summary>
public static class EndToEndLatencyBench
{
    private const string Bench = "end-to-end latency";

    /// <summary>
    /// The first seconds of a run carry just-in-time compilation and first connections: 5 s, or half of a short
    /// run, are left out of the steady p99 and the CPU.
    /// </summary>
    private static TimeSpan WarmUpOf(TimeSpan duration) => TimeSpan.FromSeconds(Math.Min(5, duration.TotalSeconds / 2));

    private sealed record Run(int FloorSustained, bool FloorCapped, int Rate, RateResult Floor, RateResult Pipeline, int PipelineSustained, bool PipelineCapped);

    public static async Task RunAsync(TestEnvironment environment, BenchReport report, int seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var warmUp = WarmUpOf(duration);
        var runs = await Repeats.RunAsync(Bench, repeat => MeasureOnceAsync(environment, repeat, duration));
        string Rates(Func<Run, double> figure) => Spread.Of(runs.Select(figure)).Format(BenchReport.Rate);
        string Latency(Func<Run, double> figure) => Spread.Of(runs.Select(figure)).Format(BenchReport.Ms);
        string Capped(Func<Run, bool> capped) => runs.Any(capped) ? " (the search's cap BENCH_STEP_MAX_RATE was reached: at least this)" : "";
        string NoStep(Func<Run, int> sustained) => runs.Any(r => sustained(r) == 0) ? " (0: fell behind at the first step, BENCH_STEP_START_RATE)" : "";

        report.Add(Bench, $"floor: highest sustained rate (two-hop relay process, one SMTP send per email){Capped(r => r.FloorCapped)}{NoStep(r => r.FloorSustained)}", Rates(r => r.FloorSustained));
        report.Add(Bench, "rate of the latency runs: 0.8 x the floor's sustained rate", Rates(r => r.Rate));
        report.Add(Bench, $"floor at that rate for {seconds} s: p50 / p99 after the first {warmUp.TotalSeconds:0.#} s", $"{Latency(r => r.Floor.P50)} / {Latency(r => r.Floor.SteadyP99)}");
        report.Add(Bench, "floor at that rate: emails delivered per second", Rates(r => r.Floor.DeliveredRate));
        report.Add(Bench, $"pipeline at that rate (router and email sender processes, Email:DelaySeconds=0): emails received", $"{runs.Sum(r => r.Pipeline.Delivered):N0} of {runs.Sum(r => r.Pipeline.Published):N0}");
        report.Add(Bench, "pipeline at that rate: p50 / p99 / max, postedAt -> SMTP sink", $"{Latency(r => r.Pipeline.P50)} / {Latency(r => r.Pipeline.P99)} / {Latency(r => r.Pipeline.Max)}");
        var p99 = Spread.Of(runs.Select(r => r.Pipeline.SteadyP99));
        report.Target(3, Bench, $"pipeline at that rate: p99 after the first {warmUp.TotalSeconds:0.#} s", p99.Format(BenchReport.Ms), "< 50 ms", p99.Median < 50);
        report.Add(Bench, "pipeline at that rate: emails delivered per second", Rates(r => r.Pipeline.DeliveredRate));
        report.Add(Bench, $"pipeline: highest sustained rate{Capped(r => r.PipelineCapped)}{NoStep(r => r.PipelineSustained)}", Rates(r => r.PipelineSustained));
        var sustained = Spread.Of(runs.Select(r => (double)r.PipelineSustained / r.FloorSustained));
        report.Target(3, Bench, "ratio pipeline / floor sustained rate", sustained.Format(BenchReport.Ratio), ">= 0.80", sustained.Median >= 0.8);

        ReportCpu(report, "floor", runs.Select(r => r.Floor.Cpu).ToList());
        ReportCpu(report, "pipeline", runs.Select(r => r.Pipeline.Cpu).ToList());
        var cpu = Spread.Of(runs.Select(r => r.Pipeline.Cpu.CountedMs / r.Floor.Cpu.CountedMs));
        report.Target(2, Bench, "ratio pipeline / floor CPU per email (each run against its own floor)", cpu.Format(BenchReport.Ratio), "<= 1.50", cpu.Median <= 1.5);
    }

    private static async Task<Run> MeasureOnceAsync(TestEnvironment environment, int repeat, TimeSpan duration)
    {
        int floorSustained, rate;
        bool floorCapped;
        RateResult floor;
        await using (var system = await SystemUnderTest.StartFloorAsync(environment))
        {
            (floorSustained, floorCapped) = await SustainedRate.FindAsync(system);
            // A floor that kept up with no step still gets a run, at 0.8 x the first step, so the pipeline is compared.
            rate = Math.Max(1, (int)Math.Round(0.8 * (floorSustained > 0 ? floorSustained : BenchSettings.Int("BENCH_STEP_START_RATE", 250))));
            floor = await RateRun.RunAsync(system, $"floor-{repeat}", rate, duration, WarmUpOf(duration));
        }
        Console.WriteLine($"     floor sustained {BenchReport.Rate(floorSustained)}; at {rate}/s p99 {BenchReport.Ms(floor.SteadyP99)}, CPU per email {BenchReport.CpuMs(floor.Cpu.CountedMs)}");

        RateResult pipeline;
        int pipelineSustained;
        bool pipelineCapped;
        await using (var system = await SystemUnderTest.StartPipelineAsync(environment))
        {
            // Not counted: 5 s at the first step's rate, so the pipeline is as warm as the floor after its search.
            await RateRun.RunAsync(system, $"pipeline-warm-up-{repeat}", BenchSettings.Int("BENCH_STEP_START_RATE", 250), TimeSpan.FromSeconds(5), TimeSpan.Zero);
            pipeline = await RateRun.RunAsync(system, $"pipeline-{repeat}", rate, duration, WarmUpOf(duration));
            Console.WriteLine($"     pipeline at {rate}/s: p99 {BenchReport.Ms(pipeline.SteadyP99)}, {BenchReport.Rate(pipeline.DeliveredRate)}, CPU per email {BenchReport.CpuMs(pipeline.Cpu.CountedMs)}");
            (pipelineSustained, pipelineCapped) = await SustainedRate.FindAsync(system);
        }
        return new Run(floorSustained, floorCapped, rate, floor, pipeline, pipelineSustained, pipelineCapped);
    }

    /// <summary>CPU per email of each process (from /proc/{pid}/stat), the sum of the measured ones, and the load generator apart.</summary>
    private static void ReportCpu(BenchReport report, string system, List<CpuUse> runs)
    {
        foreach (var share in runs[0].Shares.Where(s => s.Counted))
            report.Add(Bench, $"{system} CPU per email: {share.Name}", Spread.Of(runs.Select(r => r.Of(share.Name))).Format(BenchReport.CpuMs));
        report.Add(Bench, $"{system} CPU per email: sum of {string.Join(", ", runs[0].Shares.Where(s => s.Counted).Select(s => s.Name))}", Spread.Of(runs.Select(r => r.CountedMs)).Format(BenchReport.CpuMs));
        foreach (var share in runs[0].Shares.Where(s => !s.Counted))
            report.Add(Bench, $"{system} run: {share.Name}'s own CPU per email (publisher and SMTP sink, not counted)", Spread.Of(runs.Select(r => r.Of(share.Name))).Format(BenchReport.CpuMs));
    }
}
