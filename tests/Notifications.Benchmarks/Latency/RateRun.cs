using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Notifications.Benchmarks.Cpu;
using Notifications.Benchmarks.Floor;
using Notifications.Contracts;

namespace Notifications.Benchmarks.Latency;

/// <summary>What one run at a fixed rate measured: latencies from postedAt to the sink, the delivered rate, CPU.</summary>
public sealed record RateResult(int Rate, int Published, int Delivered, double DeliveredRate, double P50, double P99, double SteadyP99, double Max, CpuUse Cpu)
{
    /// <summary>Kept up: every email arrived, at 0.95 of the offered rate or more, with a steady p99 within the bound.</summary>
    public bool KeptUp(double p99BoundMs) => Delivered == Published && DeliveredRate >= 0.95 * Rate && SteadyP99 <= p99BoundMs;
}

/// <summary>
/// Publishes first messages assigned to an offline agent (A2: exactly one email each) at a fixed rate to a
/// <see cref="SystemUnderTest"/> and times each from its <c>postedAt</c> to the SMTP sink receiving its email.
/// The steady part is the messages posted after the warm-up; the CPU is read over it: from the end of the warm-up
/// to the end of publishing, divided by the emails the sink received in that interval (the drain stays out).
/// </summary>
public static class RateRun
{
    public static async Task<RateResult> RunAsync(SystemUnderTest system, string run, int rate, TimeSpan duration, TimeSpan warmUp)
    {
        var total = Math.Max(1, (int)(rate * duration.TotalSeconds));
        var postedAt = new ConcurrentDictionary<string, DateTimeOffset>();
        var started = DateTimeOffset.UtcNow;
        IReadOnlyList<double> cpuAtWarmUp = system.Cpu.Read();
        var warmUpEnd = started + warmUp;
        var cpuReading = Task.Run(async () =>
        {
            await Task.Delay(warmUp);
            warmUpEnd = DateTimeOffset.UtcNow;
            cpuAtWarmUp = system.Cpu.Read();
        });
        await PublishAtRateAsync(system.Platform, rate, total, i =>
        {
            var message = Message(i, run);
            postedAt[NotificationIds.EmailTo(message, message.Conversation.AssignedAgentId!)] = message.PostedAt;
            return message;
        });
        var cpuAtEnd = system.Cpu.Read();
        var publishEnd = DateTimeOffset.UtcNow;
        await cpuReading;

        var received = new Dictionary<string, DateTimeOffset>();
        var deadline = DateTime.UtcNow.AddSeconds(Math.Max(30, duration.TotalSeconds));
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (id, at) in system.Sink.Received)
                if (postedAt.ContainsKey(id))
                    received.TryAdd(id, at);
            if (received.Count >= total)
                break;
            await Task.Delay(200);
        }

        var latencies = received.Select(r => (Posted: postedAt[r.Key], Ms: (r.Value - postedAt[r.Key]).TotalMilliseconds)).ToList();
        var steady = latencies.Where(l => l.Posted >= started + warmUp).Select(l => l.Ms).ToList();
        var all = latencies.Select(l => l.Ms).ToList();
        var deliveredRate = received.Count == 0 ? 0 : received.Count / (received.Values.Max() - postedAt.Values.Min()).TotalSeconds;
        var inCpuInterval = received.Values.Count(at => at >= warmUpEnd && at <= publishEnd);
        return new RateResult(rate, total, received.Count, deliveredRate, Percentile(all, 50), Percentile(all, 99), Percentile(steady, 99),
            all.Count == 0 ? double.NaN : all.Max(), system.Cpu.Between(cpuAtWarmUp, cpuAtEnd, inCpuInterval));
    }

    /// <summary>Publishes on a fixed schedule; each message's postedAt is its actual publish time.</summary>
    private static async Task PublishAtRateAsync(IBus bus, int rate, int total, Func<int, MessagePosted> create)
    {
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            inFlight.Add(bus.Publish(create(i) with { PostedAt = DateTimeOffset.UtcNow }));
        }
        await Task.WhenAll(inFlight);
    }

    /// <summary>A first message assigned to one of the offline agents: rule A2, exactly one email.</summary>
    private static MessagePosted Message(int i, string run)
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

    public static double Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
