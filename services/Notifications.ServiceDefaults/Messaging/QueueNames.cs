namespace Notifications.ServiceDefaults.Messaging;

/// <summary>
/// The queues of the system. The router sends each channel command to its sender's queue (rather than
/// publishing it) so that commands wait in a durable queue until that sender runs: nothing is lost when a
/// sender is not deployed yet or is scaled to zero.
/// </summary>
public static class QueueNames
{
    public const string Router = "notifications-router";

    /// <summary>
    /// The router's own queue of outcomes (<c>NotificationFailed</c>: fallbacks and bad-address marks), apart from the
    /// platform's events so a flood of failures never delays routing; its error queue is beside it.
    /// </summary>
    public const string RouterOutcomes = "notifications-router-outcomes";
    public const string SendEmail = "send-email";
    public const string SendSms = "send-sms";
    public const string SendPush = "send-push";
    public const string SendRealtime = "send-realtime";

    /// <summary>
    /// The webhook sender's queue: the events the system publishes back (outcomes, replies), bound only while
    /// <c>Webhooks:Url</c> is set, so no queue fills up for a platform that reads them over AMQP instead.
    /// </summary>
    public const string SendWebhook = "send-webhook";

    /// <summary>The Twilio webhooks the gateway verified, waiting for the SMS sender (which may be down or scaled to zero).</summary>
    public const string SmsWebhooks = "sms-webhooks";

    /// <summary>MassTransit moves messages that failed for good to this queue beside each queue.</summary>
    public static string ErrorQueueOf(string queue) => queue + "_error";

    public static Uri Address(string queue) => new($"queue:{queue}");
}
