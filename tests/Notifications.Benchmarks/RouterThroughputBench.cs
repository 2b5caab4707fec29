using System.Diagnostics;
using MassTransit;
using Notifications.Benchmarks.Cpu;
using Notifications.Benchmarks.Processes;
using Notifications.Benchmarks.Running;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Notifications.Benchmarks;

/// <summary>
/// Router throughput against the bare broker. Baseline: a do-nothing consumer of the same messages on a queue
/// with the same durability and prefetch. Measured: the real router as its own process (directory and presence
/// in Redis, the rules, its commands sent to the senders' queues). Each side gets its own fresh vhost.
/// </summary>
public static class RouterThroughputBench
{
    /// <summary>The same for the baseline and the router; BENCH_PREFETCH overrides it to compare settings.</summary>
    private static readonly ushort Prefetch = ushort.TryParse(Environment.GetEnvironmentVariable("BENCH_PREFETCH"), out var prefetch) && prefetch > 0 ? prefetch : (ushort)32;

    public static async Task RunAsync(TestEnvironment environment, BenchReport report, int messages)
    {
        var runs = await Repeats.RunAsync("router throughput", _ => MeasureOnceAsync(environment, messages));
        const string bench = "router throughput";
        report.Add(bench, $"bare broker consumer ({messages:N0} MessagePosted, prefetch {Prefetch})", Spread.Of(runs.Select(r => r.Bare)).Format(BenchReport.Rate));
        report.Add(bench, "router (rules, Redis, commands)", Spread.Of(runs.Select(r => r.Router)).Format(BenchReport.Rate));
        // What each chat message cost the router in broker messages, beside the bare consumer's none.
        report.Add(bench, "router: commands / suppressions sent per chat message",
            $"{Spread.Of(runs.Select(r => r.Commands)).Median:0.00} / {Spread.Of(runs.Select(r => r.Suppressions)).Median:0.00}");
        // The same output from a consumer that does nothing else: how much of the gap is the output itself.
        report.Add(bench, "relay ceiling: do-nothing consumer sending the router's commands and suppressions", Spread.Of(runs.Select(r => r.Ceiling)).Format(BenchReport.Rate));
        report.Add(bench, "ratio router / bare broker", Spread.Of(runs.Select(r => r.Router / r.Bare)).Format(BenchReport.Ratio));
        report.Add(bench, "ratio relay ceiling / bare broker (the most any router sending them can reach here)", Spread.Of(runs.Select(r => r.Ceiling / r.Bare)).Format(BenchReport.Ratio));
        // Each run's ratio against the ceiling of the same run: the ceiling moves between runs on a shared machine.
        var ratio = Spread.Of(runs.Select(r => r.Router / r.Ceiling));
        report.Target(1, bench, "ratio router / relay ceiling (each run against its own ceiling)", ratio.Format(BenchReport.Ratio), ">= 0.90", ratio.Median >= 0.9);
        // Per routed message, from the end of publishing to the last message consumed (/proc/{pid}/stat).
        foreach (var (who, cpu) in new[] { ("router", (Func<Run, CpuUse>)(r => r.RouterCpu)), ("relay ceiling", r => r.CeilingCpu) })
        {
            foreach (var share in cpu(runs[0]).Shares)
                report.Add(bench, $"{who} run: CPU per routed message, {share.Name}", Spread.Of(runs.Select(r => cpu(r).Of(share.Name))).Format(BenchReport.CpuMs));
            report.Add(bench, $"{who} run: CPU per routed message, sum", Spread.Of(runs.Select(r => cpu(r).CountedMs)).Format(BenchReport.CpuMs));
        }
    }

    private sealed record Run(double Bare, double Router, double Ceiling, double Commands, double Suppressions, CpuUse RouterCpu, CpuUse CeilingCpu);

    /// <summary>One run: the bare consumer, the router, and the relay ceiling sending what the router sent.</summary>
    private static async Task<Run> MeasureOnceAsync(TestEnvironment environment, int messages)
    {
        var bare = await MeasureBareBrokerAsync(environment, messages);
        var (router, commandCount, suppressionCount) = await MeasureRouterAsync(environment, messages);
        var commands = (double)commandCount / messages;
        var suppressions = (double)suppressionCount / messages;
        var ceiling = await MeasureRelayCeilingAsync(environment, messages, new RelayCeiling(commands, suppressions));
        Console.WriteLine($"     bare {BenchReport.Rate(bare.Rate)}, router {BenchReport.Rate(router.Rate)}, ceiling {BenchReport.Rate(ceiling.Rate)}: router / ceiling {BenchReport.Ratio(router.Rate / ceiling.Rate)}");
        return new Run(bare.Rate, router.Rate, ceiling.Rate, commands, suppressions, router.Cpu, ceiling.Cpu);
    }

    private static async Task<Measured> MeasureBareBrokerAsync(TestEnvironment environment, int count)
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        var countdown = new ConsumeCountdown(count);
        var bus = BenchBus.Create(vhost.AmqpUrl, cfg => cfg.ReceiveEndpoint("bench-bare-broker", endpoint =>
        {
            endpoint.PrefetchCount = Prefetch;
            endpoint.Handler<MessagePosted>(_ =>
            {
                countdown.Signal();
                return Task.CompletedTask;
            });
        }));
        await bus.StartAsync();
        try
        {
            return await PublishMixAndTimeAsync(bus, count, countdown);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>
    /// A consumer of the same messages, prefetch and queue that sends what the router sent per chat message (the
    /// commands to the senders' queue, the suppressions published) and nothing else: no Redis, no rules.
    /// </summary>
    private static async Task<Measured> MeasureRelayCeilingAsync(TestEnvironment environment, int count, RelayCeiling relay)
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        await using (var depth = await QueueDepth.ConnectAsync(vhost.AmqpUrl))
            await depth.CountPublishedAsync<NotificationSuppressed>(SuppressionCount);
        var countdown = new ConsumeCountdown(count);
        var commands = QueueNames.Address(QueueNames.SendEmail);
        var bus = BenchBus.Create(vhost.AmqpUrl, cfg => cfg.ReceiveEndpoint("bench-relay-ceiling", endpoint =>
        {
            endpoint.PrefetchCount = Prefetch;
            endpoint.Handler<MessagePosted>(async context =>
            {
                var (commandCount, suppressionCount) = relay.For(RelayCeiling.SequenceOf(context.Message));
                var endpoint = await context.GetSendEndpoint(commands);
                var sends = new List<Task>(commandCount + suppressionCount);
                for (var i = 0; i < commandCount; i++)
                    sends.Add(endpoint.Send(RelayCeiling.Command(context.Message, i), context.CancellationToken));
                for (var i = 0; i < suppressionCount; i++)
                    sends.Add(context.Publish(RelayCeiling.Suppression(context.Message, i), context.CancellationToken));
                await Task.WhenAll(sends);
                countdown.Signal();
            });
        }));
        await bus.StartAsync();
        try
        {
            return await PublishMixAndTimeAsync(bus, count, countdown);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>
    /// The router as its own process (the Release build, as in production), so its CPU is its own and a profiler can
    /// attach to it by pid. Its commands wait in the senders' queues and its suppressions in a counting queue; both
    /// are read from the broker afterwards to say what each chat message cost.
    /// </summary>
    private static async Task<RouterMeasured> MeasureRouterAsync(TestEnvironment environment, int count)
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        var keyPrefix = $"bench-{Guid.NewGuid():N}:";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
        await using var router = BenchProcess.StartService("Router", "router", BenchConfiguration.For(vhost, environment, keyPrefix, Prefetch));
        await using var depth = await QueueDepth.ConnectAsync(vhost.AmqpUrl);
        await depth.CountPublishedAsync<NotificationSuppressed>(SuppressionCount);

        var platform = BenchBus.Create(vhost.AmqpUrl);
        await platform.StartAsync();
        try
        {
            await QueueConsumers.WaitAsync(vhost.AmqpUrl, [QueueNames.Router], [router]);
            // A profiler can attach to the router by this pid; BENCH_ROUTER_PAUSE_SECONDS gives it time before the load.
            Console.WriteLine($"     router process {router.Pid}");
            await Task.Delay(TimeSpan.FromSeconds(BenchSettings.Int("BENCH_ROUTER_PAUSE_SECONDS", 0)));
            await BenchDirectory.PublishAsync(platform, redis, keyPrefix);
            // A new process compiles its hot path while it runs (tiered compilation, first at tier 0): measured cold, a
            // third of its CPU went to the JIT. The warm-up's messages come from the same mix, before the measured ones.
            var directory = new BenchDirectory();
            await BenchBus.PublishAllAsync(platform, Enumerable.Range(0, WarmUp).Select(_ => directory.NextMessage()).ToList());
            await RouterQueueEmptyAsync(depth);
            var (warmUpCommands, warmUpSuppressions) = await SettledOutputAsync(depth);
            Console.WriteLine($"     router warmed up on {WarmUp:N0} messages; measuring");

            var measured = await PublishMixAndTimeAsync(platform, count, new WatchedProcess("router process", router.Pid),
                () => RouterQueueEmptyAsync(depth),
                async () => count - Math.Max(0, await depth.OfAsync(QueueNames.Router)), directory);
            var (commands, suppressions) = await SettledOutputAsync(depth);
            return new RouterMeasured(measured, commands - warmUpCommands, suppressions - warmUpSuppressions);
        }
        finally
        {
            await platform.StopAsync();
            await RedisTestKeys.DeleteAllAsync(redis, keyPrefix);
        }
    }

    /// <summary>Messages the router process takes before the measured ones (BENCH_THROUGHPUT_WARMUP).</summary>
    private static readonly int WarmUp = BenchSettings.Int("BENCH_THROUGHPUT_WARMUP", 5_000);

    /// <summary>Ready messages only: at most a prefetch's worth is still in the router's hands when it reads 0.</summary>
    private static async Task RouterQueueEmptyAsync(QueueDepth depth)
    {
        while (await depth.OfAsync(QueueNames.Router) > 0)
            await Task.Delay(50);
    }

    /// <summary>Where the relay and the router runs keep their suppressions, so both pay the same broker work for them.</summary>
    private const string SuppressionCount = "bench-suppressions";

    private static readonly string[] SenderQueues = [QueueNames.SendEmail, QueueNames.SendSms, QueueNames.SendPush, QueueNames.SendRealtime];

    private sealed record RouterMeasured(Measured Measured, long Commands, long Suppressions);

    /// <summary>The commands in the senders' queues and the suppressions counted, once the last in-flight message has added its own.</summary>
    private static async Task<(long Commands, long Suppressions)> SettledOutputAsync(QueueDepth depth)
    {
        (long, long) last = (-1, -1);
        while (true)
        {
            long commands = 0;
            foreach (var queue in SenderQueues)
                commands += Math.Max(0, await depth.OfAsync(queue));
            var now = (commands, Math.Max(0, await depth.OfAsync(SuppressionCount)));
            if (now == last)
                return now;
            last = now;
            await Task.Delay(500);
        }
    }

    /// <summary>A consumer's rate, and the CPU per message of RabbitMQ, Redis and the consumer while it consumed.</summary>
    private sealed record Measured(double Rate, CpuUse Cpu);

    /// <summary>
    /// Publishes <paramref name="count"/> messages of the help desk's mix and returns the rate at which they were
    /// consumed: from the first publish until <paramref name="consumed"/> says they all were. The CPU is read from the
    /// end of publishing (so a consumer in this process is measured alone) to the last message consumed, and divided
    /// by the messages consumed in between (<paramref name="consumedSoFar"/> at the end of publishing). A <paramref name="directory"/>
    /// that has made messages already (a warm-up) goes on with its mix.
    /// </summary>
    private static async Task<Measured> PublishMixAndTimeAsync(IBus bus, int count, WatchedProcess consumer, Func<Task> consumed, Func<Task<long>> consumedSoFar,
        BenchDirectory? directory = null)
    {
        directory ??= new BenchDirectory();
        var batch = Enumerable.Range(0, count).Select(_ => directory.NextMessage()).ToList();
        var cpu = new CpuWatch([.. CpuWatch.Infrastructure(), consumer]);
        var clock = Stopwatch.StartNew();
        await BenchBus.PublishAllAsync(bus, batch);
        var consumedBefore = await consumedSoFar();
        var start = cpu.Read();
        await consumed().WaitAsync(TimeSpan.FromMinutes(5));
        var rate = count / clock.Elapsed.TotalSeconds;
        return new Measured(rate, cpu.Between(start, cpu.Read(), count - consumedBefore));
    }

    /// <summary>The same for a consumer in this process, counted by <paramref name="countdown"/>.</summary>
    private static Task<Measured> PublishMixAndTimeAsync(IBus bus, int count, ConsumeCountdown countdown) =>
        PublishMixAndTimeAsync(bus, count, new WatchedProcess("benchmark process (the consumer in it)", Environment.ProcessId),
            () => countdown.Done, () => Task.FromResult(countdown.Consumed));
}
