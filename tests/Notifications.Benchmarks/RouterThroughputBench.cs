using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Benchmarks.Cpu;
using Notifications.Benchmarks.Running;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using Notifications.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Notifications.Benchmarks;

/// <summary>
/// Router throughput against the bare broker. Baseline: a do-nothing consumer of the same messages on a queue
/// with the same durability and prefetch. Measured: the real router (directory and presence in Redis, the
/// rules, its commands sent to the senders' queues). Each side gets its own fresh vhost.
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
        using var output = new RouterOutputCounter();
        var router = await MeasureRouterAsync(environment, messages);
        var commands = (double)output.Commands / messages;
        var suppressions = (double)output.Suppressions / messages;
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

    private static async Task<Measured> MeasureRouterAsync(TestEnvironment environment, int count)
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        var keyPrefix = $"bench-{Guid.NewGuid():N}:";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
        var countdown = new ConsumeCountdown(count);

        var router = await ServiceHost.StartAsync("Notifications.Router", builder =>
        {
            builder.Services.AddSingleton(countdown);
            builder.Services.AddConsumeObserver<MessagePostedCounter>();
            return RouterHost.Build(builder);
        }, BenchConfiguration.For(vhost, environment, keyPrefix, Prefetch));

        var platform = BenchBus.Create(vhost.AmqpUrl);
        await platform.StartAsync();
        try
        {
            await BenchDirectory.PublishAsync(platform, redis, keyPrefix);
            return await PublishMixAndTimeAsync(platform, count, countdown);
        }
        finally
        {
            await platform.StopAsync();
            await router.StopAsync();
            await router.DisposeAsync();
            await RedisTestKeys.DeleteAllAsync(redis, keyPrefix);
        }
    }

    /// <summary>A consumer's rate, and the CPU per message of RabbitMQ, Redis and this process while it consumed.</summary>
    private sealed record Measured(double Rate, CpuUse Cpu);

    /// <summary>
    /// Publishes <paramref name="count"/> messages of the help desk's mix and returns the rate at which they were
    /// consumed: from the first publish until <paramref name="countdown"/> has seen them all. The CPU is read from
    /// the end of publishing (so this process's share is the consumer's alone) to the last message consumed.
    /// </summary>
    private static async Task<Measured> PublishMixAndTimeAsync(IBus bus, int count, ConsumeCountdown countdown)
    {
        var directory = new BenchDirectory();
        var batch = Enumerable.Range(0, count).Select(_ => directory.NextMessage()).ToList();
        var cpu = new CpuWatch([.. CpuWatch.Infrastructure(), new WatchedProcess("benchmark process (the consumer in it)", Environment.ProcessId)]);
        var clock = Stopwatch.StartNew();
        await BenchBus.PublishAllAsync(bus, batch);
        var consumedBefore = countdown.Consumed;
        var start = cpu.Read();
        await countdown.Done.WaitAsync(TimeSpan.FromMinutes(5));
        var rate = count / clock.Elapsed.TotalSeconds;
        return new Measured(rate, cpu.Between(start, cpu.Read(), count - consumedBefore));
    }

    /// <summary>Counts MessagePosted fully consumed by the router (after its commands were sent).</summary>
    private sealed class MessagePostedCounter(ConsumeCountdown countdown) : IConsumeObserver
    {
        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is MessagePosted)
                countdown.Signal();
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
