using System.Globalization;
using System.Text;
using Notifications.Benchmarks;

namespace Notifications.Chaos;

/// <summary>
/// The verdicts of <c>make scale</c>: the chaos report's comparison of what the stubs received with what the rules
/// expect (here a duplicate fails on every channel, but for an email re-sent after its sender's kill, reported apart),
/// the busiest sliding second of Twilio requests against the shared limit,
/// the survivors' work after their twin's kill, and each instance's own count and rate.
/// </summary>
public sealed class ScaleReport
{
    private readonly ScaleSettings settings;
    private readonly List<ScaleInstance> instances;
    private readonly BrokerConsumerCounts counts;
    private readonly double publishedAt;
    private readonly double lastReceiptAt;

    public IReadOnlyList<ChannelResult> Channels { get; }

    /// <summary>The most Twilio requests (sends and lookups, both SMS senders) that arrived within one second of the clock.</summary>
    public int BusiestTwilioSecond { get; }

    /// <summary>How many seconds of the clock came within one request of the limit: the limit held the rate, not the
    /// load (slots are spaced one second and a guard over the limit, so a saturated second holds the limit or one less).</summary>
    public int SecondsNearLimit { get; }

    public ScaleReport(ScaleSettings settings, ChaosDirectory directory, TimingSmtpSink smtp, ProviderStub providers,
        List<ScaleInstance> instances, BrokerConsumerCounts counts, double publishedAt, double lastReceiptAt)
    {
        this.settings = settings;
        this.instances = instances;
        this.counts = counts;
        this.publishedAt = publishedAt;
        this.lastReceiptAt = lastReceiptAt;
        var runStartedAt = DateTimeOffset.UtcNow - ChaosRun.Clock.Elapsed;
        ResentAfterKill = EmailsResentAfterAKill(smtp, runStartedAt);
        // No fault is injected here: a duplicate fails the run on every channel, unless it is an email whose first
        // copy its sender's SIGKILL cut off before the mark (shown in a row of its own).
        Channels = ChaosReport.Compare(directory, settings.Messages, smtp, providers)
            .Select(r => r with { DuplicatesFail = true, ExplainedDuplicates = r.Channel == "email" ? ResentAfterKill.Count : 0 })
            .ToList();
        var perSecond = providers.TwilioRequestTimes.GroupBy(t => t.ToUnixTimeSeconds()).Select(g => g.Count()).ToList();
        BusiestTwilioSecond = perSecond.Count == 0 ? 0 : perSecond.Max();
        TwilioArrivals = providers.TwilioRequestTimes.Order().ToList();
        BusiestTwilioWindow = BusiestWindow(TwilioArrivals, TimeSpan.FromSeconds(1));
        Copies = SentTwice("email", smtp.Received.Select(r => (r.NotificationId, r.ReceivedAt)), runStartedAt)
            .Concat(SentTwice("sms", providers.Sms.Select(m => (Key: $"{m.To} {MessageIdInBody(m.Body)}", m.CreatedAt)), runStartedAt))
            .ToList();
        SecondsNearLimit = perSecond.Count(n => n >= settings.TwilioMaxPerSecond - 1);
    }

    /// <summary>Every Twilio request's arrival at the stub, in order: written beside the service logs for a closer look.</summary>
    public IReadOnlyList<DateTimeOffset> TwilioArrivals { get; }

    /// <summary>The most Twilio requests within any one second, wherever it starts: what the shared limit must hold
    /// (a limit counted per second of the clock would let a window across two seconds hold twice it).</summary>
    public int BusiestTwilioWindow { get; }

    /// <summary>What arrived more than once, with when each copy arrived (seconds since the run began), so a duplicate
    /// can be set beside the kills.</summary>
    public IReadOnlyList<string> Copies { get; }

    /// <summary>
    /// Emails sent again only because the SIGKILL of their sender fell between the SMTP server's <c>250</c> and the
    /// ledger's mark (by notification id, with how it is known). SMTP cannot be asked whether the server already took
    /// a message, so the redelivered command sends it again; both copies carry the same Message-ID, on which receivers
    /// deduplicate.
    /// </summary>
    public IReadOnlyDictionary<string, string> ResentAfterKill { get; }

    /// <summary>How long before the kill the first copy may have been accepted to count as cut off by it: the crash
    /// window is the time from the server's answer to the ledger's mark, one Redis round trip on an idle machine,
    /// longer on a busy one.</summary>
    public static readonly TimeSpan ResendWindow = TimeSpan.FromSeconds(1);

    /// <summary>Every sliding second of Twilio arrivals (not only each second of the clock) within the shared limit.</summary>
    public bool LimitHeld => BusiestTwilioWindow <= settings.TwilioMaxPerSecond;

    /// <summary>Each killed instance's twin handled more after the kill than before it ended.</summary>
    public bool SurvivorsCarriedOn => Survivors().All(s => s.After > 0);

    /// <summary>No instance exited unless this run killed it.</summary>
    public bool NoneExitedByItself => instances.All(i => i.Process.Running || i.KilledAt is not null && !settings.Restart);

    public bool Passed => Channels.All(r => r.Passed) && LimitHeld && SurvivorsCarriedOn && NoneExitedByItself;

    private IEnumerable<(ScaleInstance Killed, ScaleInstance Survivor, long After)> Survivors() =>
        instances.Where(i => i.KilledAt is not null).Select(killed =>
        {
            var survivor = instances.Single(i => i.Queue == killed.Queue && i != killed);
            return (killed, survivor, survivor.OwnCount(counts) - killed.TwinCountAtKill!.Value);
        });

    public string Render(IReadOnlyList<string> events, Dictionary<string, long> errorQueues, bool drained)
    {
        var text = new StringBuilder();
        text.AppendLine($"== scale summary: {settings} ==");
        foreach (var line in events)
            text.AppendLine($"- {line}");
        text.AppendLine($"- error queues at the end: {string.Join(", ", errorQueues.Select(e => $"`{e.Key}` {e.Value}"))}");
        text.AppendLine($"- drained: {(drained ? "yes" : "no (timeout)")}");
        var exited = instances.Where(i => !i.Process.Running && i.KilledAt is null).Select(i => i.Label).ToList();
        if (exited.Count > 0)
            text.AppendLine($"- EXITED BY ITSELF: {string.Join(", ", exited)} (see its log)");
        text.AppendLine();
        text.AppendLine(ChaosReport.Table(Channels));
        foreach (var line in Copies.Take(20))
            text.AppendLine($"- sent twice: {line}");
        foreach (var (id, how) in ResentAfterKill)
            text.AppendLine($"- re-sent after a kill: email {id}: {how}");
        if (Copies.Count > 0)
            text.AppendLine();

        text.AppendLine("| check | measured | limit | verdict |");
        text.AppendLine("|---|---:|---:|---|");
        text.AppendLine(Invariant($"| Twilio requests in the busiest sliding one-second window, both SMS senders (sends and lookups, the stub's clock) | {BusiestTwilioWindow} | {settings.TwilioMaxPerSecond} (Sms:Twilio:MaxPerSecond) | {Verdict(LimitHeld)} |"));
        text.AppendLine(Invariant($"| Twilio requests in the busiest second of the clock | {BusiestTwilioSecond} | | reported |"));
        text.AppendLine(Invariant($"| seconds of the clock with {settings.TwilioMaxPerSecond - 1} or {settings.TwilioMaxPerSecond} Twilio requests (the limit, not the load, set the pace) | {SecondsNearLimit} | | reported |"));
        text.AppendLine(Invariant($"| emails re-sent after the SIGKILL of their sender (same Message-ID; first copy accepted on the killed sender's connection at most {ResendWindow.TotalSeconds:0} s before the kill; SMTP cannot be asked what it took) | {ResentAfterKill.Count} | | reported |"));
        foreach (var instance in instances.Where(i => i.CountsDeliveries).GroupBy(i => i.Queue))
        {
            var channel = Channels.Single(c => instance.Key.EndsWith(c.Channel, StringComparison.Ordinal));
            var sum = instance.Sum(i => i.Delivered() ?? 0);
            text.AppendLine(Invariant($"| {channel.Channel}: the senders' own counts ({string.Join(" + ", instance.Select(i => i.Delivered()))}) against the notifications the stub received | {sum} | {channel.Delivered} | {(sum == channel.Delivered ? "equal" : "differs (reported: a kill between the provider's acceptance and the log line)")} |"));
        }
        foreach (var (killed, survivor, after) in Survivors())
            text.AppendLine(Invariant($"| {survivor.Label} after the SIGKILL of {killed.Label} at t+{killed.KilledAt:0}s ({(settings.Restart ? "started again 2 s later" : "not restarted")}) | +{after} handled | more than 0 | {Verdict(after > 0)} |"));
        text.AppendLine();

        text.AppendLine("| instance | processes | alive | acknowledged from its queue (broker) | delivered (its own log) | per second while alive |");
        text.AppendLine("|---|---|---|---:|---:|---:|");
        foreach (var instance in instances)
        {
            var end = instance.KilledAt is { } killedAt && !settings.Restart ? killedAt : lastReceiptAt;
            var from = Math.Max(instance.StartedAt, publishedAt);
            var own = instance.OwnCount(counts);
            var rate = end > from ? own / (end - from) : 0;
            var alive = instance.KilledAt is { } k
                ? settings.Restart ? Invariant($"killed t+{k:0}s, started again") : Invariant($"killed t+{k:0}s")
                : "to the end";
            text.AppendLine(Invariant($"| {instance.Label} | {string.Join(", ", instance.ProcessIds)} | {alive} | {instance.Acknowledged(counts)} | {instance.Delivered()?.ToString(CultureInfo.InvariantCulture) ?? "(logs nothing per message)"} | {rate:0.0} |"));
        }
        text.AppendLine();
        text.AppendLine("Per second: the instance's own count (delivered for a sender, acknowledged for the router) over the time from the "
            + "first publish to its kill or to the last receipt; indicative only on a shared two-core machine. The broker's counts are "
            + "sampled every 2 s (it refreshes them every 5 s): a killed instance's is its last sample before the kill.");
        return text.ToString();
    }

    /// <summary>
    /// An email that arrived twice is a re-send after a kill when all of this holds: exactly two copies with the same
    /// Message-ID; the first accepted on a connection of an email sender that was killed (its socket's port, read just
    /// before the kill) no more than <see cref="ResendWindow"/> before the kill; the second after it. Anything else
    /// sent twice stays a duplicate, and fails the run.
    /// </summary>
    private Dictionary<string, string> EmailsResentAfterAKill(TimingSmtpSink smtp, DateTimeOffset runStartedAt)
    {
        var killedSenders = instances.Where(i => i.Queue == "send-email" && i.KilledAt is not null).ToList();
        var resent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var copies in smtp.Accepted.GroupBy(a => a.NotificationId).Where(g => g.Count() > 1))
        {
            var ordered = copies.OrderBy(c => c.ReceivedAt).ToList();
            if (ordered.Count != 2 || ordered[0].MessageId.Length == 0 || ordered[0].MessageId != ordered[1].MessageId)
                continue;
            foreach (var killed in killedSenders)
            {
                var killedAt = runStartedAt + TimeSpan.FromSeconds(killed.KilledAt!.Value);
                var before = killedAt - ordered[0].ReceivedAt;
                if (killed.PortsAtKill.Contains(ordered[0].ClientPort) && before >= TimeSpan.Zero && before <= ResendWindow
                    && ordered[1].ReceivedAt > killedAt)
                {
                    resent[copies.Key] = Invariant($"first copy from {killed.Label} (port {ordered[0].ClientPort}) {before.TotalMilliseconds:0} ms before its SIGKILL, the second {(ordered[1].ReceivedAt - killedAt).TotalSeconds:0.0} s after it, both Message-ID {ordered[0].MessageId}");
                    break;
                }
            }
        }
        return resent;
    }

    private static IEnumerable<string> SentTwice(string channel, IEnumerable<(string Key, DateTimeOffset At)> receipts, DateTimeOffset runStartedAt) =>
        receipts.GroupBy(r => r.Key).Where(g => g.Count() > 1).OrderBy(g => g.Min(r => r.At)).Select(g =>
            Invariant($"{channel} {g.Key}, copies at {string.Join(", ", g.Select(r => Invariant($"t+{(r.At - runStartedAt).TotalSeconds:0.000}s")))}"));

    private static string MessageIdInBody(string body) =>
        System.Text.RegularExpressions.Regex.Match(body, @"chaos-[0-9a-f]+-\d+").Value;

    private static int BusiestWindow(IReadOnlyList<DateTimeOffset> times, TimeSpan width)
    {
        var busiest = 0;
        for (int first = 0, last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= width)
                first++;
            busiest = Math.Max(busiest, last - first + 1);
        }
        return busiest;
    }

    private static string Verdict(bool passed) => passed ? "pass" : "FAIL";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
