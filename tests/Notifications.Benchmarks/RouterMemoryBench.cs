using System.Diagnostics;
using MassTransit;
using Notifications.Benchmarks.Processes;
using Notifications.Benchmarks.Running;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Notifications.Benchmarks;

/// <summary>
/// The router's memory under a long run: the router runs as its own process (the Release build, as in
/// production); its working set is read after a warm-up of 20,000 events (the baseline) and again after the
/// full run has been consumed. The benchmark drains the senders' queues meanwhile so the broker does not
/// hold millions of commands.
/// </summary>
public static class RouterMemoryBench
{
    private const int WarmUp = 20_000;

    public static async Task RunAsync(TestEnvironment environment, BenchReport report, int events)
    {
        var runs = await Repeats.RunAsync("router memory", _ => MeasureOnceAsync(environment, events));
        const string bench = "router memory";
        report.Add(bench, $"working set after {WarmUp:N0}-event warm-up", Spread.Of(runs.Select(r => r.Before)).Format(Mib));
        report.Add(bench, $"working set after {events:N0} more events", Spread.Of(runs.Select(r => r.After)).Format(Mib));
        report.Add(bench, "events routed per second in the long run", Spread.Of(runs.Select(r => r.Rate)).Format(BenchReport.Rate));
        var growth = Spread.Of(runs.Select(r => (r.After - r.Before) * 100.0 / r.Before));
        report.Target(4, bench, "growth", growth.Format(p => $"{p:0.0} %"), "< 5 %", growth.Median < 5);
    }

    private static string Mib(double bytes) => $"{bytes / 1048576.0:0.0} MiB";

    private sealed record Run(double Before, double After, double Rate);

    private static async Task<Run> MeasureOnceAsync(TestEnvironment environment, int events)
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        var keyPrefix = $"bench-{Guid.NewGuid():N}:";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
        await using var router = BenchProcess.StartService("Router", "router", BenchConfiguration.For(vhost, environment, keyPrefix, prefetch: 32));
        await using var depth = await QueueDepth.ConnectAsync(vhost.AmqpUrl);

        var drained = new ConsumeCountdown(long.MaxValue);
        var platform = BenchBus.Create(vhost.AmqpUrl, cfg =>
        {
            foreach (var queue in new[] { QueueNames.SendEmail, QueueNames.SendSms, QueueNames.SendPush, QueueNames.SendRealtime })
                cfg.ReceiveEndpoint(queue, endpoint =>
                {
                    endpoint.ConfigureConsumeTopology = false;
                    endpoint.PrefetchCount = 200;
                    endpoint.Handler<SendEmail>(_ => Discard(drained));
                    endpoint.Handler<SendSms>(_ => Discard(drained));
                    endpoint.Handler<SendPush>(_ => Discard(drained));
                    endpoint.Handler<SendRealtimeNotification>(_ => Discard(drained));
                });
        });
        await platform.StartAsync();
        try
        {
            await QueueConsumers.WaitAsync(vhost.AmqpUrl, [QueueNames.Router], [router]);
            await BenchDirectory.PublishAsync(platform, redis, keyPrefix);
            var directory = new BenchDirectory();

            await PublishAndDrainAsync(platform, depth, directory, WarmUp);
            var before = router.WorkingSetBytes();

            var clock = Stopwatch.StartNew();
            await PublishAndDrainAsync(platform, depth, directory, events);
            var rate = events / clock.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(5));
            var after = router.WorkingSetBytes();

            Console.WriteLine($"     {Mib(before)} -> {Mib(after)} ({(after - before) * 100.0 / before:0.0} %) at {BenchReport.Rate(rate)}");
            return new Run(before, after, rate);
        }
        finally
        {
            await platform.StopAsync();
            await RedisTestKeys.DeleteAllAsync(redis, keyPrefix);
        }
    }

    private static Task Discard(ConsumeCountdown drained)
    {
        drained.Signal();
        return Task.CompletedTask;
    }

    private static async Task PublishAndDrainAsync(IBus bus, QueueDepth depth, BenchDirectory directory, int count)
    {
        const int chunk = 10_000;
        for (var sent = 0; sent < count; sent += chunk)
        {
            var size = Math.Min(chunk, count - sent);
            await BenchBus.PublishAllAsync(bus, Enumerable.Range(0, size).Select(_ => directory.NextMessage()));
            // Keep the router's backlog bounded, as a live platform would.
            while (await depth.OfAsync(QueueNames.Router) > 50_000)
                await Task.Delay(100);
        }
        while (await depth.OfAsync(QueueNames.Router) > 0)
            await Task.Delay(200);
    }
}
