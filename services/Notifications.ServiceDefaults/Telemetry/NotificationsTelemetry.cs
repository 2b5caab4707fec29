using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Notifications.ServiceDefaults.Telemetry;

/// <summary>The system's own activity source and meter, and the attribute names SREs search by.</summary>
public static class NotificationsTelemetry
{
    public const string Name = "Notifications";

    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    public const string ConversationId = "notification.conversation_id";
    public const string MessageId = "notification.message_id";
    public const string NotificationId = "notification.id";
    public const string Channel = "notification.channel";
    public const string RecipientId = "notification.recipient_id";
    public const string Rule = "notification.rule";
    public const string Outcome = "notification.outcome";
    public const string Wait = "notification.wait";
    public const string SuppressionReason = "notification.suppression_reason";
    public const string Provider = "notification.provider";

    /// <summary>A receive queue (<c>send-push</c>), as OpenTelemetry's messaging conventions name it.</summary>
    public const string Queue = "messaging.destination.name";

    /// <summary>How many notifications one span answers for (a digest email covers every message it lists).</summary>
    public const string NotificationCount = "notification.count";
}
