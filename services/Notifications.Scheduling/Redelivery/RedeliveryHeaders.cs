using MassTransit;

namespace Notifications.Scheduling.Redelivery;

/// <summary>The headers a redelivered message carries, so its consumer and the error queue can tell its history.</summary>
public static class RedeliveryHeaders
{
    /// <summary>How many times the message came back through the delay ladder (absent: never).</summary>
    public const string Count = "Notifications-Redelivery-Count";

    /// <summary>When its first delivery failed for good (ISO 8601), kept across redeliveries.</summary>
    public const string FirstFailedAt = "Notifications-First-Failed-At";

    /// <summary>Why the last delivery failed, as the error queue would say it.</summary>
    public const string LastReason = "Notifications-Last-Failure";

    public static int CountOf(ConsumeContext context) => context.Headers.Get<int>(Count) ?? 0;

    public static DateTimeOffset? FirstFailedAtOf(ConsumeContext context) =>
        context.Headers.Get<string>(FirstFailedAt) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;
}
