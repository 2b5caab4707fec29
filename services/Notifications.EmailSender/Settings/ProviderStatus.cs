using Notifications.ServiceDefaults.RuntimeSettings;

namespace Notifications.EmailSender.Settings;

/// <summary>
/// Which credentials a provider uses now, worked out where the console runs: a run-time set wins; otherwise the
/// sender's own configuration, as the sender reported it at start-up (this service cannot see the senders' settings).
/// </summary>
public static class ProviderStatus
{
    public const string RunTime = "run-time";
    public const string Configuration = "configuration";
    public const string None = "none";
    public const string Unknown = "unknown";

    /// <summary>The provider names senders report, per console provider name.</summary>
    private static readonly Dictionary<string, string> ReportedName = new()
    {
        ["twilio"] = "twilio",
        ["oneSignal"] = "onesignal",
        ["pusherBeams"] = "pusher-beams",
        ["pusherChannels"] = "pusher-channels",
    };

    public static string InEffect(ProviderCredentialChanges.Provider provider, RuntimeProviderSettings stored,
        IReadOnlyDictionary<string, ProviderReport> senders) =>
        provider.Read(stored) is not null ? RunTime
        : !senders.TryGetValue(provider.Channel, out var report) ? Unknown
        : report.ConfiguredProviders.Contains(ReportedName[provider.Name]) ? Configuration
        : None;

    /// <summary>One line per channel for people: what the sender uses, and what it falls back to.</summary>
    public static string Describe(string channel, RuntimeProviderSettings stored, IReadOnlyDictionary<string, ProviderReport> senders)
    {
        var runTime = ProviderCredentialChanges.Providers.Where(p => p.Channel == channel && p.Read(stored) is not null).Select(p => p.ShortName).ToList();
        var report = senders.GetValueOrDefault(channel);
        var sender = channel == "sms" ? "SMS sender" : "push sender";
        var configured = report is null
            ? $"the {sender} has not reported its configuration (is it running with this Redis and key prefix?)"
            : $"the {sender}'s configuration: {report.Description}";
        return runTime.Count > 0
            ? $"run-time credentials for {string.Join(" and ", runTime)} (entered here); otherwise {configured}"
            : configured;
    }

    /// <summary>True when a test sent on the channel is only written to a folder: no run-time set and none configured.</summary>
    public static bool OnlyRecords(string channel, RuntimeProviderSettings stored, IReadOnlyDictionary<string, ProviderReport> senders) =>
        !ProviderCredentialChanges.Providers.Any(p => p.Channel == channel && p.Read(stored) is not null)
        && senders.TryGetValue(channel, out var report) && report.ConfiguredProviders.Count == 0;
}
