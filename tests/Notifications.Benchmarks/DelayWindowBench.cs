using System.Globalization;
using System.Text;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.Benchmarks;

/// <summary>
/// The delay window, measured through the router's public behaviour (events in, Redis and the broker read, outcomes
/// out), on the real broker and Redis:
/// <list type="number">
/// <item>Throughput: the router's rate for the same chat (offline agents, two messages per conversation, half the
/// conversations seen inside the window) with <c>Email:DelaySeconds=120</c> against 0, alternating twice in the same
/// run. Then a short window: how late after their window's end the held notifications are answered, and whether the
/// seen half was suppressed and the other half sent exactly once.</item>
/// <item>Redis bytes and broker messages per pending notification, and 100,000 of them (one per window, the most
/// a notification can cost) held in a long window against the target of 100 MB.</item>
/// </list>
/// Sizes: BENCH_WINDOW_MESSAGES, BENCH_WINDOW_RELEASE_SECONDS, BENCH_WINDOW_PENDING.
/// </summary>
public static class DelayWindowBench
{
    private const string Name = "delay window";
    private const int Window = 120;
    private const int Rounds = 2;

    /// <summary>The hold's window: far longer than the phase, so nothing is released while it is measured.</summary>
    private const int LongWindow = 3600;

    /// <summary>100 MB, decimal: the stricter reading of the target.</summary>
    private const long TargetBytes = 100_000_000;

    private const int TargetPending = 100_000;

    public static async Task RunAsync(TestEnvironment environment, BenchReport report, int messages, int releaseSeconds, int pending)
    {
        // Each part reports its own failure and the next still runs: one broken measurement never hides the others.
        await PartAsync(report, "throughput", () => ThroughputAsync(environment, report, messages));
        await PartAsync(report, "release", () => ReleaseAsync(environment, report, messages, releaseSeconds));
        await PartAsync(report, "pending", () => PendingAsync(environment, report, pending));
    }

    private static async Task ThroughputAsync(TestEnvironment environment, BenchReport report, int messages)
    {
        var withWindow = new List<double>();
        var without = new List<double>();
        var cpuWith = new List<string>();
        var cpuWithout = new List<string>();
        var emailRates = new List<double>();
        GroupedHold? grouped = null;
        // Alternated, so neither side has the machine's quiet moment or the first run's just-in-time compilation to itself.
        for (var round = 0; round < Rounds; round++)
        {
            var (rate, emails, cpu) = await WithoutWindowAsync(environment, messages, round);
            without.Add(rate);
            emailRates.Add(emails);
            cpuWithout.Add(cpu);
            var (held, hold, heldCpu) = await WithWindowAsync(environment, messages, round);
            withWindow.Add(held);
            cpuWith.Add(heldCpu);
            grouped ??= hold;
        }
        var load = new DelayWindowLoad("size", messages, perConversation: 2, seenHalf: true);
        var shape = $"{messages:N0} chat messages, {load.Conversations:N0} conversations of 2, offline agents, {load.SeenEvents:N0} seen";
        report.Add(Name, $"router, window 0 s ({shape}): rate per round", Rates(without));
        report.Add(Name, $"router, window {Window} s, same load: rate per round", Rates(withWindow));
        report.Add(Name, $"ratio router with the {Window} s window / without", BenchReport.Ratio(withWindow.Average() / without.Average()));
        report.Add(Name, "window 0 s: emails at the SMTP sink per second (first publish to last email), per round", Rates(emailRates));
        report.Add(Name, "CPU per chat message, window 0 s (first publish to last email), per round", string.Join("; ", cpuWithout));
        report.Add(Name, $"CPU per chat message, window {Window} s (first publish to the last held; the release comes later), per round", string.Join("; ", cpuWith));
        if (grouped is { } g)
        {
            report.Add(Name, $"window {Window} s: held (window-pending:email) after the load", Held(g.PendingInRedis, messages));
            report.Add(Name, "Redis bytes per pending notification, two per window (MEMORY USAGE of what the load added but transcripts and reads / pending)", Bytes(g.HeldBytes / (double)messages));
            report.Add(Name, "broker messages per pending notification, two per window (delay-ladder notes / pending)", Ratio3(g.LadderMessages / (double)messages));
            // One note per window is the design; two messages of a window consumed at once may each send one.
            report.Add(Name, "delay-ladder notes per window (conversation; the design is 1)", Ratio3(g.LadderMessages / (double)load.Conversations));
        }
    }

    private static async Task<(double Rate, double EmailsPerSecond, string Cpu)> WithoutWindowAsync(TestEnvironment environment, int messages, int round)
    {
        var load = new DelayWindowLoad($"w0-{round}", messages, perConversation: 2, seenHalf: true);
        await using var run = await DelayWindowRun.StartAsync(environment, 0, load.Messages + load.SeenEvents, withEmailSender: true);
        var started = DateTimeOffset.UtcNow;
        var cpu = DelayWindowCpu.Start();
        var rate = await run.PublishAndTimeAsync(load, TimeSpan.FromMinutes(5));
        var sink = run.Sink!;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (sink.Received.Count < messages && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        var cpuPerMessage = cpu.PerItem(messages);
        var last = sink.Received.IsEmpty ? started : sink.Received.Max(r => r.ReceivedAt);
        Console.WriteLine($"  round {round + 1}, window 0 s: {rate:N0} chat messages/s, {sink.Received.Count:N0} of {messages:N0} emails at the sink");
        return (rate, sink.Received.Count / (last - started).TotalSeconds, cpuPerMessage);
    }

    private sealed record GroupedHold(long? PendingInRedis, long HeldBytes, long LadderMessages);

    private static async Task<(double Rate, GroupedHold Hold, string Cpu)> WithWindowAsync(TestEnvironment environment, int messages, int round)
    {
        var load = new DelayWindowLoad($"w{Window}-{round}", messages, perConversation: 2, seenHalf: true);
        await using var run = await DelayWindowRun.StartAsync(environment, Window, load.Messages + load.SeenEvents, withEmailSender: true);
        var before = await RedisFootprint.ReadAsync(run.Redis, run.KeyPrefix);
        var cpu = DelayWindowCpu.Start();
        var rate = await run.PublishAndTimeAsync(load, TimeSpan.FromMinutes(5));
        var cpuPerMessage = cpu.PerItem(messages);
        // Read well inside the window (the load takes seconds, the window two minutes): everything is still held.
        var footprint = await RedisFootprint.ReadAsync(run.Redis, run.KeyPrefix);
        var hold = new GroupedHold(await run.PendingInRedisAsync(), footprint.HeldBytesSince(before), await run.LadderMessagesAsync());
        Console.WriteLine($"  round {round + 1}, window {Window} s: {rate:N0} chat messages/s, {hold.PendingInRedis:N0} held, {hold.LadderMessages:N0} notes on the ladder");
        return (rate, hold, cpuPerMessage);
    }

    /// <summary>
    /// A short window over the same load: when the windows end, every notification must be answered once, the seen
    /// half by a <c>seen</c> suppression and the other half by a delivery (two per email: the grouped email answers for
    /// both messages of its conversation).
    /// </summary>
    private static async Task ReleaseAsync(TestEnvironment environment, BenchReport report, int messages, int windowSeconds)
    {
        var load = new DelayWindowLoad("release", messages, perConversation: 2, seenHalf: true);
        await using var run = await DelayWindowRun.StartAsync(environment, windowSeconds, load.Messages + load.SeenEvents, withEmailSender: true);
        var started = DateTimeOffset.UtcNow;
        // Paced: with a full queue the notes would wait behind the backlog, and this would measure the backlog.
        await run.PublishAndTimeAsync(load, TimeSpan.FromMinutes(5), DelayWindowRun.PacedBacklog);
        var intake = DateTimeOffset.UtcNow - started;

        var expected = load.Notifications().ToDictionary(n => n.NotificationId);
        var deadline = DateTime.UtcNow.AddSeconds(windowSeconds + 120);
        while (run.Outcomes.Select(o => o.NotificationId).Where(expected.ContainsKey).Distinct().Count() < expected.Count && DateTime.UtcNow < deadline)
            await Task.Delay(500);
        // A little longer: a duplicate would arrive after the last first answer.
        await Task.Delay(TimeSpan.FromSeconds(3));

        var outcomes = run.Outcomes.Where(o => expected.ContainsKey(o.NotificationId)).ToList();
        var lateness = outcomes
            .Select(o => (o.ReceivedAt - load.FirstPostedAt[o.ConversationId] - TimeSpan.FromSeconds(windowSeconds)).TotalMilliseconds)
            .Order().ToList();
        var span = outcomes.Count == 0 ? TimeSpan.Zero : outcomes.Max(o => o.ReceivedAt) - outcomes.Min(o => o.ReceivedAt);

        report.Add(Name, $"release, window {windowSeconds} s, same load published as fast as the router takes it (its queue under {DelayWindowRun.PacedBacklog}): intake took",
            $"{intake.TotalSeconds:0.0} s{(intake.TotalSeconds > windowSeconds ? " (longer than the window: windows ended during the intake)" : "")}");
        report.Add(Name, "release: answered after the window's end (outcome at the platform - first message's postedAt - window): p50 / p99 / max",
            $"{BenchReport.Ms(Percentile(lateness, 50))} / {BenchReport.Ms(Percentile(lateness, 99))} / {BenchReport.Ms(lateness.Count == 0 ? double.NaN : lateness[^1])}");
        report.Add(Name, "release: notifications answered per second (first to last outcome)", BenchReport.Rate(span.TotalSeconds > 0 ? outcomes.Count / span.TotalSeconds : double.NaN));
        report.Add(Name, "release: counts (seen suppressed / sent, each exactly once)", CheckCounts(load, expected, outcomes, run.Sink!));
    }

    /// <summary>"right" only when every seen notification has exactly one <c>seen</c> suppression and nothing else,
    /// every other exactly one delivery and nothing else, and the sink got one email per unseen conversation, once each.</summary>
    private static string CheckCounts(DelayWindowLoad load, Dictionary<string, (string NotificationId, string ConversationId, bool Seen)> expected,
        List<DelayWindowRun.Outcome> outcomes, TimingSmtpSink sink)
    {
        var byId = outcomes.GroupBy(o => o.NotificationId).ToDictionary(g => g.Key, g => g.Select(o => o.Kind).ToList());
        int seenRight = 0, sentRight = 0, missing = 0, twice = 0, wrong = 0;
        foreach (var (id, (_, _, seen)) in expected)
        {
            if (!byId.TryGetValue(id, out var kinds))
            {
                missing++;
                continue;
            }
            if (kinds.Count > 1)
                twice++;
            else if (seen && kinds[0] == "suppressed:seen")
                seenRight++;
            else if (!seen && kinds[0] == "delivered")
                sentRight++;
            else
                wrong++;
        }
        var seenExpected = expected.Values.Count(n => n.Seen);
        var emails = sink.Received.Select(r => r.NotificationId).ToList();
        var unseenConversations = Enumerable.Range(0, load.Conversations).Count(c => !load.IsSeen(c));
        var emailsRight = emails.Count == unseenConversations && emails.Distinct().Count() == emails.Count;
        var right = seenRight == seenExpected && sentRight == expected.Count - seenExpected && missing == 0 && twice == 0 && wrong == 0 && emailsRight;

        var text = new StringBuilder(right ? "right: " : "COUNTS WRONG: ");
        text.Append(CultureInfo.InvariantCulture, $"{seenRight:N0} of {seenExpected:N0} suppressed seen, {sentRight:N0} of {expected.Count - seenExpected:N0} delivered");
        text.Append(CultureInfo.InvariantCulture, $", {emails.Count:N0} emails for {unseenConversations:N0} unseen conversations ({emails.Count - emails.Distinct().Count():N0} repeated)");
        if (!right)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {missing:N0} unanswered, {twice:N0} answered more than once, {wrong:N0} answered wrongly");
            // What the repeated or wrong answers were, so the cause can be looked for without running it again.
            var odd = byId.Where(p => expected.ContainsKey(p.Key) && (p.Value.Count > 1 || p.Value[0] != (expected[p.Key].Seen ? "suppressed:seen" : "delivered")))
                .GroupBy(p => $"{(expected[p.Key].Seen ? "seen" : "unseen")}: {string.Join(" + ", p.Value.Order())}")
                .OrderByDescending(g => g.Count()).Take(3).Select(g => $"{g.Key} ({g.Count():N0})");
            text.Append(" [").Append(string.Join("; ", odd)).Append(']');
        }
        return text.ToString();
    }

    /// <summary>
    /// Holds <paramref name="pending"/> notifications, each in a window of its own (one message per conversation, none
    /// seen): what one pending notification costs at most, since a notification that joins an open window adds only a
    /// hash field and no note. Then removes the run's keys and vhost.
    /// </summary>
    private static async Task PendingAsync(TestEnvironment environment, BenchReport report, int pending)
    {
        var load = new DelayWindowLoad("hold", pending, perConversation: 1, seenHalf: false);
        await using var run = await DelayWindowRun.StartAsync(environment, LongWindow, load.Messages, withEmailSender: false);
        var before = await RedisFootprint.ReadAsync(run.Redis, run.KeyPrefix);
        var rate = await run.PublishAndTimeAsync(load, TimeSpan.FromMinutes(15));
        var after = await RedisFootprint.ReadAsync(run.Redis, run.KeyPrefix);
        var held = await run.PendingInRedisAsync();
        var notes = await run.LadderMessagesAsync();
        var json = await run.OneStoredNotificationAsync();

        var windowBytes = after.HeldBytesSince(before);
        var runBytes = after.TotalBytes - before.TotalBytes;
        var usedBytes = after.UsedMemory - before.UsedMemory;
        report.Add(Name, $"hold: {pending:N0} notifications, one per window, {LongWindow} s window, router intake", BenchReport.Rate(rate));
        report.Add(Name, "hold: held (window-pending:email)", Held(held, pending));
        report.Add(Name, "Redis bytes per pending notification: MEMORY USAGE of what the hold added but the transcripts / pending", Bytes(windowBytes / (double)pending));
        report.Add(Name, "Redis bytes per pending notification: every key of the run (MEMORY USAGE, after - before) / pending", Bytes(runBytes / (double)pending));
        report.Add(Name, "Redis bytes per pending notification: INFO used_memory (after - before) / pending (the whole server: others' writes move it)", Bytes(usedBytes / (double)pending));
        report.Add(Name, "where the run's bytes went (key kind: keys, bytes)", string.Join("; ", after.GrowthSince(before).Take(6).Select(k => $"{k.Kind}: {k.Keys:N0}, {Mb(k.Bytes)}")));
        report.Add(Name, "one pending notification as stored (hash field value) / its JSON", json is not { } one ? "none found" : $"{one.StoredBytes:N0} bytes / {one.JsonBytes:N0} bytes");
        report.Add(Name, "broker messages per pending notification (delay-ladder notes / pending)", Ratio3(notes / (double)pending));
        // The target applies to what the pending notifications take. The conversation transcripts (transcript:*,
        // 14 days) are written for every chat message with or without a window: shown beside it.
        report.Add(Name, $"{pending:N0} pending notifications in Redis (MEMORY USAGE of what the hold added but the transcripts)", Mb(windowBytes), "< 100 MB");
        // A smaller run (BENCH_WINDOW_PENDING) projects its bytes per notification to the target's 100,000.
        var atTarget = pending >= TargetPending ? windowBytes : (long)(windowBytes / (double)pending * TargetPending);
        report.Target(5, Name, pending >= TargetPending ? $"{TargetPending:N0} pending notifications in Redis"
                : $"{TargetPending:N0} pending notifications in Redis (projected from {pending:N0})",
            Mb(atTarget), "< 100 MB", atTarget < TargetBytes);
        report.Add(Name, "beside it: every key of the run (with the transcripts every chat message writes, window or not) / INFO used_memory growth",
            $"{Mb(runBytes)} / {Mb(usedBytes)}");
    }

    private static async Task PartAsync(BenchReport report, string part, Func<Task> measure)
    {
        try
        {
            await measure();
        }
        catch (Exception ex)
        {
            report.Add(Name, $"{part}: FAILED", $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>The router's own count of what waits; a count that is not there (a held store keyed otherwise) is said so, not taken for 0.</summary>
    private static string Held(long? counted, int expected) => counted switch
    {
        null => "not counted (no window-pending:email key)",
        var n when n == expected => $"{n:N0} of {expected:N0}",
        var n => $"{n:N0} of {expected:N0}  COUNTS WRONG",
    };

    private static string Rates(List<double> rates) => string.Join(" / ", rates.Select(BenchReport.Rate));

    private static string Bytes(double bytes) => $"{bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes";

    private static string Mb(long bytes) => $"{(bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture)} MB";

    private static string Ratio3(double ratio) => ratio.ToString("0.000", CultureInfo.InvariantCulture);

    private static double Percentile(List<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
            return double.NaN;
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
