using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using StackExchange.Redis;

namespace Notifications.Benchmarks;

/// <summary>
/// End-to-end latency at a fixed rate: the platform publishes first messages assigned to an offline agent
/// (A2: exactly one email each) at a steady rate; the latency of each is from its <c>postedAt</c> to the
/// SMTP sink receiving its email, through the real router and email sender on the real broker and Redis.
/// The baselines are the bare broker's publish-to-consume latency at the same rate, and the floor of the
/// product's shape (<see cref="TwoHopRelayFloor"/>): two hops and a published result, nothing else.
/// </summary>
public static class EndToEndLatencyBench
{
    public static async Task RunAsync(TestEnvironment environment, BenchReport report, int ratePerSecond, int seconds, bool target = true)
    {
        var total = ratePerSecond * seconds;
        var baseline = await MeasureBareBrokerAsync(environment, ratePerSecond, total);
        var (floor, floorAfterWarmUp, floorRate, floorCpu) = await TwoHopRelayFloor.MeasureAsync(environment, ratePerSecond, total);
        var (latencies, afterWarmUp, received, deliveryRate, pipelineCpu) = await MeasurePipelineAsync(environment, ratePerSecond, total);

        report.Add("end-to-end latency", $"bare broker publish->consume at {ratePerSecond}/s for {seconds} s: p50 / p99",
            $"{BenchReport.Ms(Percentile(baseline, 50))} / {BenchReport.Ms(Percentile(baseline, 99))}");
        report.Add("end-to-end latency", $"floor: two-hop do-nothing relay (platform -> router -> sender, result published) at {ratePerSecond}/s: p50 / p99 / p99 after the first {WarmUp.TotalSeconds:0} s / delivered per second",
            $"{BenchReport.Ms(Percentile(floor, 50))} / {BenchReport.Ms(Percentile(floor, 99))} / {BenchReport.Ms(Percentile(floorAfterWarmUp, 99))} / {BenchReport.Rate(floorRate)}");
        report.Add("end-to-end latency", $"{ratePerSecond}/s: postedAt -> SMTP sink, {received:N0} of {total:N0} emails: p50", BenchReport.Ms(Percentile(latencies, 50)));
        report.Add("end-to-end latency", $"{ratePerSecond}/s: p95", BenchReport.Ms(Percentile(latencies, 95)));
        report.Add("end-to-end latency", $"{ratePerSecond}/s: p99", BenchReport.Ms(Percentile(latencies, 99)), target ? "< 50 ms" : "");
        report.Add("end-to-end latency", $"{ratePerSecond}/s: max", BenchReport.Ms(latencies.Count == 0 ? double.NaN : latencies.Max()));
        report.Add("end-to-end latency", $"{ratePerSecond}/s: p99 of the messages after the first {WarmUp.TotalSeconds:0} s (services warmed up)", BenchReport.Ms(Percentile(afterWarmUp, 99)));
        report.Add("end-to-end latency", $"{ratePerSecond}/s: emails delivered per second, first publish to last email", BenchReport.Rate(deliveryRate));
        // Below saturation these say how many cores a rate needs: the rate times the machine's CPU per email.
        report.Add("end-to-end latency", $"{ratePerSecond}/s: machine CPU per email, all processes: pipeline / floor",
            $"{BenchReport.Ms(pipelineCpu)} / {BenchReport.Ms(floorCpu)}");
    }

    private static async Task<List<double>> MeasureBareBrokerAsync(TestEnvironment environment, int rate, int total)
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        var latencies = new ConcurrentQueue<double>();
        var countdown = new ConsumeCountdown(total);
        var bus = BenchBus.Create(vhost.AmqpUrl, cfg => cfg.ReceiveEndpoint("bench-latency-baseline", endpoint =>
            endpoint.Handler<MessagePosted>(context =>
            {
                latencies.Enqueue((DateTimeOffset.UtcNow - context.Message.PostedAt).TotalMilliseconds);
                countdown.Signal();
                return Task.CompletedTask;
            })));
        await bus.StartAsync();
        try
        {
            await PublishAtRateAsync(bus, rate, total, i => Message(i, "baseline"));
            await countdown.Done.WaitAsync(TimeSpan.FromMinutes(5));
        }
        finally
        {
            await bus.StopAsync();
        }
        return latencies.ToList();
    }

    /// <summary>The first seconds carry the services' just-in-time compilation and first connections.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    private static async Task<(List<double> Latencies, List<double> AfterWarmUp, int Received, double DeliveryRate, double CpuMsPerEmail)> MeasurePipelineAsync(TestEnvironment environment, int rate, int total)
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        await using var sink = new TimingSmtpSink();
        var keyPrefix = $"bench-{Guid.NewGuid():N}:";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
        var configuration = BenchConfiguration.For(vhost, environment, keyPrefix, prefetch: 32);
        configuration["Email:Smtp:Host"] = "127.0.0.1";
        configuration["Email:Smtp:Port"] = sink.Port.ToString();
        configuration["Email:Smtp:Security"] = "None";
        configuration["Email:Smtp:MaxConnections"] = "8";
        configuration["Email:From"] = "bench@helpdesk.bench";

        var router = await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration);
        var email = await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, configuration);
        var platform = BenchBus.Create(vhost.AmqpUrl);
        await platform.StartAsync();
        var postedAt = new ConcurrentDictionary<string, DateTimeOffset>();
        var cpuPerEmail = double.NaN;
        try
        {
            await BenchDirectory.PublishAsync(platform, redis, keyPrefix);
            var cpu = new MachineCpu();
            await PublishAtRateAsync(platform, rate, total, i =>
            {
                var message = Message(i, "pipeline");
                postedAt[$"{message.MessageId}:{message.Conversation.AssignedAgentId}:email"] = message.PostedAt;
                return message;
            });

            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (sink.Received.Count < total && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            cpuPerEmail = cpu.MillisecondsPer(sink.Received.Count);
        }
        finally
        {
            await platform.StopAsync();
            await ServiceHost.StopAllAsync(new[] { router, email });
            await RedisTestKeys.DeleteAllAsync(redis, keyPrefix);
        }

        var latencies = sink.Received
            .Where(r => postedAt.ContainsKey(r.NotificationId))
            .Select(r => (r.ReceivedAt - postedAt[r.NotificationId]).TotalMilliseconds)
            .ToList();
        // What the pipeline sustained: below the publish rate when it could not keep up and a backlog built.
        var times = sink.Received.Where(r => postedAt.ContainsKey(r.NotificationId)).ToList();
        var deliveryRate = times.Count == 0 ? 0
            : times.Count / (times.Max(r => r.ReceivedAt) - times.Min(r => postedAt[r.NotificationId])).TotalSeconds;
        var warmedUpFrom = times.Count == 0 ? DateTimeOffset.MaxValue : times.Min(r => postedAt[r.NotificationId]) + WarmUp;
        var afterWarmUp = times.Where(r => postedAt[r.NotificationId] >= warmedUpFrom)
            .Select(r => (r.ReceivedAt - postedAt[r.NotificationId]).TotalMilliseconds)
            .ToList();
        return (latencies, afterWarmUp, sink.Received.Count, deliveryRate, cpuPerEmail);
    }

    /// <summary>Publishes on a fixed schedule; each message's postedAt is its actual publish time.</summary>
    public static async Task PublishAtRateAsync(IBus bus, int rate, int total, Func<int, MessagePosted> create)
    {
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            inFlight.Add(bus.Publish(create(i) with { PostedAt = DateTimeOffset.UtcNow }));
        }
        await Task.WhenAll(inFlight);
    }

    /// <summary>A first message assigned to one of the offline agents: rule A2, exactly one email.</summary>
    public static MessagePosted Message(int i, string run)
    {
        var agent = BenchDirectory.AgentId(1 + i % 3 * 2);
        var user = BenchDirectory.UserId(i % BenchDirectory.Users);
        return new MessagePosted
        {
            MessageId = $"{run}-{i}",
            ConversationId = $"conv-{run}-{i}",
            Sender = new MessageSender { Id = user, Role = ParticipantRoles.User, Name = user },
            Text = "Hello, is anyone there? I would like to change my delivery address.",
            PostedAt = DateTimeOffset.UtcNow,
            IsFirstMessage = true,
            Conversation = new ConversationInfo { UserId = user, AssignedAgentId = agent },
        };
    }

    private static double Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
