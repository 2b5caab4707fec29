using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Notifications.Benchmarks;
using Notifications.Contracts;

namespace Notifications.Chaos;

/// <summary>One channel's comparison of what the rules expect with what its sink received.</summary>
public sealed record ChannelResult(
    string Channel,
    string Provider,
    int Expected,
    int Delivered,
    int Lost,
    int Duplicated,
    int ExtraCopies,
    long Requests,
    int Unexpected,
    string Note)
{
    /// <summary>
    /// Duplicates fail the run only where none may reach users: OneSignal makes a repeat harmless, and an SMS whose
    /// earlier attempt has no known result is looked up at Twilio before it is sent again.
    /// </summary>
    public bool DuplicatesFail { get; init; }

    /// <summary>Duplicates with a known cause that is not a fault of the service (an email whose sender was killed
    /// between the server's acceptance and the mark): counted in <see cref="Duplicated"/>, not failing the run.</summary>
    public int ExplainedDuplicates { get; init; }

    public bool Passed => Lost == 0 && Unexpected == 0 && (!DuplicatesFail || Duplicated - ExplainedDuplicates == 0);
}

/// <summary>Compares the sinks with the expected notifications and prints the summary.</summary>
public static partial class ChaosReport
{
    public static IReadOnlyList<ChannelResult> Compare(
        ChaosDirectory directory, int messages, TimingSmtpSink smtp, ProviderStub providers)
    {
        var expected = directory.Expected(messages);

        var emails = smtp.Received.Select(r => r.NotificationId).ToList();
        var sms = providers.Sms.Select(s => SmsNotificationId(s, directory)).ToList();
        var pushes = providers.Pushes.ToList();

        // OneSignal sends once per idempotency key: a repeated key is a repeated request, not a repeated push.
        var keysPerNotification = pushes.GroupBy(p => p.NotificationId).ToDictionary(g => g.Key, g => g.Select(p => p.IdempotencyKey).Distinct().Count());
        var distinctKeys = pushes.Select(p => p.IdempotencyKey).Distinct().Count();
        var repeatedKeys = pushes.GroupBy(p => p.IdempotencyKey).Count(g => g.Count() > 1);
        var pushCopies = keysPerNotification.Values.Sum(k => k - 1);

        return
        [
            Channel(Channels.Email, "SMTP", expected[Channels.Email], emails, smtp.Received.Count, ""),
            Channel(Channels.Sms, "Twilio", expected[Channels.Sms], sms, providers.TwilioRequests,
                $"{providers.TwilioListings} message-list lookups before a re-send whose earlier attempt had no known result") with
            {
                DuplicatesFail = true,
            },
            new ChannelResult(
                Channels.Push, "OneSignal",
                expected[Channels.Push].Count,
                expected[Channels.Push].Count(keysPerNotification.ContainsKey),
                expected[Channels.Push].Count(id => !keysPerNotification.ContainsKey(id)),
                keysPerNotification.Count(k => k.Value > 1),
                pushCopies,
                providers.OneSignalRequests,
                keysPerNotification.Keys.Count(id => !expected[Channels.Push].Contains(id)),
                $"{pushes.Count} accepted requests, {distinctKeys} distinct idempotency keys, {repeatedKeys} keys sent more than once (deduplicated by OneSignal)")
            {
                DuplicatesFail = true,
            },
        ];
    }

    private static ChannelResult Channel(string channel, string provider, HashSet<string> expected, List<string> received, long requests, string note)
    {
        var counts = received.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        // What arrived but no rule asked for, named, so a failed run explains itself.
        var unexpected = counts.Keys.Where(id => !expected.Contains(id)).Take(5).Select(id => id.Length == 0 ? "(no notification id)" : id).ToList();
        if (unexpected.Count > 0)
            note = $"{note}{(note.Length > 0 ? "; " : "")}unexpected: {string.Join(", ", unexpected)}";
        return new ChannelResult(
            channel, provider, expected.Count,
            expected.Count(counts.ContainsKey),
            expected.Count(id => !counts.ContainsKey(id)),
            counts.Count(c => c.Value > 1),
            counts.Values.Sum(c => c - 1),
            requests,
            counts.Keys.Count(id => !expected.Contains(id)),
            note);
    }

    /// <summary>The SMS text carries the message id; the destination number names the agent.</summary>
    private static string SmsNotificationId(TwilioSms sms, ChaosDirectory directory)
    {
        var message = MessageIdInText().Match(sms.Body);
        var agent = directory.AgentsByPhone.GetValueOrDefault(sms.To, "unknown-" + sms.To);
        return $"{(message.Success ? message.Value : "unknown")}:{agent}:{Channels.Sms}";
    }

    public static string Table(IReadOnlyList<ChannelResult> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| channel | expected | delivered | lost | duplicated (notifications) | extra copies | provider requests | unexpected | verdict |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var duplicates = !r.DuplicatesFail ? "reported"
                : r.ExplainedDuplicates > 0 ? string.Create(CultureInfo.InvariantCulture, $"{r.ExplainedDuplicates} re-sent after a kill, the rest must be 0")
                : "must be 0";
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Channel} ({r.Provider}) | {r.Expected} | {r.Delivered} | {r.Lost} | {r.Duplicated} ({duplicates}) | {r.ExtraCopies} | {r.Requests} | {r.Unexpected} | {(r.Passed ? "pass" : "FAIL")} |"));
        }
        foreach (var r in results.Where(r => r.Note.Length > 0))
            table.AppendLine().Append($"{r.Provider}: {r.Note}.").AppendLine();
        return table.ToString();
    }

    [GeneratedRegex(@"chaos-[0-9a-f]+-\d+")]
    private static partial Regex MessageIdInText();
}
