using Notifications.Contracts;
using Notifications.SharedState.ChannelSwitches;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.Admin.ProviderCredentials;

/// <summary>
/// Which credentials a provider uses now, worked out where the console runs: a run-time set wins; otherwise the
/// sender's own configuration, as the sender reported it at start-up (this service cannot see the senders' settings).
/// </summary>
public static class ProviderStatus
{
    // The same words as a channel switch's source, so the admin API speaks one vocabulary.
    public const string RunTime = ChannelSources.RunTime;
    public const string Configuration = ChannelSources.Configuration;
    public const string None = "none";
    public const string Unknown = "unknown";

    public static string InEffect(ProviderCredentialChanges.Provider provider, RuntimeProviderSettings stored,
        IReadOnlyDictionary<string, ProviderReport> senders) =>
        provider.Read(stored) is not null ? RunTime
        : !senders.TryGetValue(provider.Channel, out var report) ? Unknown
        : report.ConfiguredProviders.Contains(provider.ReportedName) ? Configuration
        : None;

    /// <summary>One line per channel for people: what the sender uses, and what it falls back to.</summary>
    public static string Describe(string channel, RuntimeProviderSettings stored, IReadOnlyDictionary<string, ProviderReport> senders)
    {
        var runTime = ProviderCredentialChanges.Providers.Where(p => p.Channel == channel && p.Read(stored) is not null).Select(p => p.ShortName).ToList();
        var report = senders.GetValueOrDefault(channel);
        var configured = report is null
            ? NotReported(channel)
            : $"the {SenderOf(channel)}'s configuration: {report.Description}";
        return runTime.Count > 0
            ? $"run-time credentials for {string.Join(" and ", runTime)} (entered here); otherwise {configured}"
            : configured;
    }

    /// <summary>The service that sends on a channel: the SMS sender, or the push sender (push and realtime).</summary>
    public static string SenderOf(string channel) => channel == Channels.Sms ? "SMS sender" : "push sender";

    public static string NotReported(string channel) =>
        $"the {SenderOf(channel)} has not reported its configuration (is it running with this Redis and key prefix?)";

    /// <summary>True when a test sent on the channel is only written to a folder: no run-time set and none configured.</summary>
    public static bool OnlyRecords(string channel, RuntimeProviderSettings stored, IReadOnlyDictionary<string, ProviderReport> senders) =>
        !ProviderCredentialChanges.Providers.Any(p => p.Channel == channel && p.Read(stored) is not null)
        && senders.TryGetValue(channel, out var report) && report.ConfiguredProviders.Count == 0;
}
