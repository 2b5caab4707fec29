using Microsoft.Extensions.Configuration;
using Notifications.SharedState.Webhooks;

namespace Notifications.WebhookSender.Settings;

/// <summary>The <c>Webhooks</c> section: where the events the system publishes back are posted, and how.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The platform's receiver (absolute https; http only to a loopback host or under Testing). Unset: webhooks are off.</summary>
    public string? Url { get; set; }

    /// <summary>The HMAC-SHA256 key each request is signed with (secret), required when <see cref="Url"/> is set.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long one POST may take before it counts as a transient failure and is retried.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The event types to post (names or comma-separated lists of them); empty posts all of <see cref="WebhookEvents.ByName"/>.</summary>
    public List<string> Events { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>
    /// The section as bound, plus <c>Webhooks:Events</c> given as one value (<c>Webhooks__Events=A,B</c>), which the
    /// binder leaves out of a list: read alone, it would silently mean "all events".
    /// </summary>
    public static WebhookOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var options = section.Get<WebhookOptions>() ?? new WebhookOptions();
        if (section[nameof(Events)] is { Length: > 0 } single)
            options.Events.Add(single);
        return options;
    }

    /// <summary>The names <see cref="Events"/> lists, each list item split on commas (one environment variable can hold them all).</summary>
    public IReadOnlyList<string> EventNames => Events
        .SelectMany(item => item.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <summary>The contract types the sender consumes; names that are not events are left to the validator.</summary>
    public IReadOnlyList<Type> EventTypes => EventNames.Count == 0
        ? WebhookEvents.ByName.Values.ToList()
        : EventNames.Where(WebhookEvents.ByName.ContainsKey).Select(name => WebhookEvents.ByName[name]).ToList();
}
