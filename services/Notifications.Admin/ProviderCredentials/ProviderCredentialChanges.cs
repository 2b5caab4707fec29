using Notifications.SharedState.ProviderSettings;

namespace Notifications.Admin.ProviderCredentials;

/// <summary>
/// Changes to the run-time provider credentials, as <c>PUT /admin/providers</c> and the console both make them. Each
/// provider is a set of named fields (<see cref="Providers"/>): an update gives some of them (a missing or null field
/// keeps the stored value, so a secret need not be typed again; "" clears it), or removes the whole set to go back
/// to the senders' configuration. The resulting set must be complete (<see cref="ProviderCredentialRules"/>).
/// </summary>
public static class ProviderCredentialChanges
{
    /// <summary>
    /// One provider's field names, which of them are secrets, and how they map to the stored record.
    /// <c>ReportedName</c> is the name its sender uses in <c>ProviderReport.ConfiguredProviders</c> and in metrics.
    /// </summary>
    public sealed record Provider(
        string Name,
        string ReportedName,
        string ShortName,
        string Label,
        string Channel,
        IReadOnlyList<string> Fields,
        IReadOnlySet<string> Secrets,
        Func<RuntimeProviderSettings, IReadOnlyDictionary<string, string?>?> Read,
        Func<RuntimeProviderSettings, IReadOnlyDictionary<string, string?>?, RuntimeProviderSettings> Write);

    public static readonly IReadOnlyList<Provider> Providers =
    [
        new("twilio", "twilio", "Twilio", "Twilio (SMS)", "sms", ["accountSid", "authToken", "from"], new HashSet<string> { "authToken" },
            stored => stored.Twilio is { } t ? new Dictionary<string, string?> { ["accountSid"] = t.AccountSid, ["authToken"] = t.AuthToken, ["from"] = t.From } : null,
            (stored, fields) => stored with
            {
                Twilio = fields is null ? null : new TwilioCredentials { AccountSid = fields["accountSid"], AuthToken = fields["authToken"], From = fields["from"] },
            }),
        new("oneSignal", "onesignal", "OneSignal", "OneSignal (push)", "push", ["appId", "apiKey"], new HashSet<string> { "apiKey" },
            stored => stored.OneSignal is { } o ? new Dictionary<string, string?> { ["appId"] = o.AppId, ["apiKey"] = o.ApiKey } : null,
            (stored, fields) => stored with
            {
                OneSignal = fields is null ? null : new OneSignalCredentials { AppId = fields["appId"], ApiKey = fields["apiKey"] },
            }),
        new("pusherBeams", "pusher-beams", "Pusher Beams", "Pusher Beams (push)", "push", ["instanceId", "secretKey"], new HashSet<string> { "secretKey" },
            stored => stored.PusherBeams is { } b ? new Dictionary<string, string?> { ["instanceId"] = b.InstanceId, ["secretKey"] = b.SecretKey } : null,
            (stored, fields) => stored with
            {
                PusherBeams = fields is null ? null : new PusherBeamsCredentials { InstanceId = fields["instanceId"], SecretKey = fields["secretKey"] },
            }),
        new("pusherChannels", "pusher-channels", "Pusher Channels", "Pusher Channels (realtime)", "realtime", ["appId", "key", "secret", "cluster"], new HashSet<string> { "secret" },
            stored => stored.PusherChannels is { } p
                ? new Dictionary<string, string?> { ["appId"] = p.AppId, ["key"] = p.Key, ["secret"] = p.Secret, ["cluster"] = p.Cluster }
                : null,
            (stored, fields) => stored with
            {
                PusherChannels = fields is null ? null
                    : new PusherChannelsCredentials { AppId = fields["appId"], Key = fields["key"], Secret = fields["secret"], Cluster = fields["cluster"] },
            }),
    ];

    /// <summary>What to do with one provider's set: new field values (null: remove the set).</summary>
    public sealed record Update(Provider Provider, IReadOnlyDictionary<string, string?>? Fields);

    /// <summary>A new push provider choice: one of <see cref="PushProviderNames.All"/>, any case, or null to go back
    /// to the push sender's <c>Push:Provider</c>.</summary>
    public sealed record PushProviderChange(string? Provider);

    public sealed record Result(RuntimeProviderSettings? Stored, string? Field, string? Error);

    public static Provider? Find(string name) => Providers.FirstOrDefault(p => p.Name == name);

    /// <summary>Applies the updates to the stored sets and saves them, or names the first field at fault and saves nothing.</summary>
    /// <param name="senders">The senders' reports, to refuse a push provider that would have no credentials.</param>
    public static async Task<Result> ApplyAsync(ProviderSettingsStore store, IReadOnlyList<Update> updates, PushProviderChange? pushProvider,
        IReadOnlyDictionary<string, ProviderReport> senders, ILogger logger, Audit.AuditTrail audit, string through)
    {
        var next = await store.GetAsync();
        if (updates.Count == 0 && pushProvider is null)
            return new Result(next, null, null);
        if (pushProvider is not null)
            next = next with { PushProvider = PushProviderNames.Canonical(pushProvider.Provider) ?? pushProvider.Provider };
        foreach (var update in updates)
        {
            if (update.Fields is null)
            {
                next = update.Provider.Write(next, null);
                continue;
            }
            var current = update.Provider.Read(next);
            var merged = update.Provider.Fields.ToDictionary(field => field, field =>
                update.Fields.GetValueOrDefault(field) switch
                {
                    null => current?.GetValueOrDefault(field),
                    var value when value.Trim().Length == 0 => null,
                    var value => value.Trim(),
                });
            next = update.Provider.Write(next, merged);
        }

        if (ProviderCredentialRules.Check(next) is { } failure)
        {
            var provider = Find(failure.Field.Split('.')[0]);
            var hint = provider is not null && updates.Any(u => u.Provider == provider && u.Fields is not null)
                ? $" Credentials entered here replace the {provider.ShortName} credentials of the sender's configuration as a whole, so every field is needed."
                : "";
            return new Result(null, failure.Field, failure.Message + hint);
        }
        if (PushProviderWithoutCredentials(next, senders) is { } missing)
            return new Result(null, ProviderCredentialRules.PushProviderField, missing);

        await store.SaveAsync(next);
        // Names only: what changed, never a value.
        var changes = updates.Select(u => u.Fields is null
            ? $"{u.Provider.Name} back to configuration"
            : $"{u.Provider.Name} ({string.Join(", ", u.Fields.Where(f => f.Value is not null).Select(f => f.Key))})").ToList();
        if (pushProvider is not null)
            changes.Add(next.PushProvider is null ? "pushProvider back to configuration" : $"pushProvider {next.PushProvider}");
        logger.LogInformation("Provider credentials changed through {Through}: {Changes}", through, string.Join(", ", changes));
        await audit.RecordAsync(through, "provider credentials changed", string.Join(", ", changes));
        return new Result(next, null, null);
    }

    /// <summary>
    /// A push provider chosen at run time must have credentials: entered here, or in the push sender's configuration
    /// as it reported it. Otherwise the sender would refuse the choice and keep its configuration, which is better
    /// said now. When the sender has not reported, the choice is taken (the sender logs it if it does not fit).
    /// </summary>
    private static string? PushProviderWithoutCredentials(RuntimeProviderSettings next, IReadOnlyDictionary<string, ProviderReport> senders)
    {
        if (next.PushProvider is null)
            return null;
        var provider = Find(next.PushProvider == PushProviderNames.OneSignal ? "oneSignal" : "pusherBeams")!;
        if (provider.Read(next) is not null || !senders.TryGetValue(provider.Channel, out var report)
            || report.ConfiguredProviders.Contains(provider.ReportedName))
            return null;
        return $"{ProviderCredentialRules.PushProviderField} {next.PushProvider} has no credentials: enter {provider.ShortName} credentials here "
            + $"first, or configure them on the push sender (it reported: {report.Description}).";
    }

    /// <summary>The push provider choice as it may be shown: the run-time one, or null with where the choice comes from.</summary>
    public static object DescribePushProvider(RuntimeProviderSettings stored) => new
    {
        runTime = stored.PushProvider,
        inEffect = stored.PushProvider is null ? ProviderStatus.Configuration : ProviderStatus.RunTime,
    };

    /// <summary>One provider's stored set as it may be shown: values, and secrets as set or not.</summary>
    public static Dictionary<string, object?>? Describe(Provider provider, RuntimeProviderSettings stored) =>
        provider.Read(stored) is not { } fields ? null
            : fields.ToDictionary(field => provider.Secrets.Contains(field.Key) ? field.Key + "Set" : field.Key,
                field => provider.Secrets.Contains(field.Key) ? (object?)!string.IsNullOrEmpty(field.Value) : field.Value);
}
