using System.Diagnostics;
using MassTransit;
using Notifications.Contracts;
using Notifications.ServiceDefaults.DeliveryLog;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EmailSender.DeliveryLog;

/// <summary>
/// Records every outcome the senders and the router publish (delivered, failed, suppressed) in the delivery log,
/// with the trace it belongs to, so the console answers "why did this agent not get an email" on one page.
/// </summary>
public sealed class DeliveryLogConsumer(DeliveryLogStore log) :
    IConsumer<NotificationDelivered>, IConsumer<NotificationFailed>, IConsumer<NotificationSuppressed>
{
    public Task Consume(ConsumeContext<NotificationDelivered> context) => log.AddAsync(new DeliveryLogEntry
    {
        Outcome = DeliveryLogEntry.Delivered,
        Channel = context.Message.Channel,
        RecipientId = context.Message.RecipientId,
        ConversationId = context.Message.ConversationId,
        MessageId = context.Message.MessageId,
        NotificationId = context.Message.NotificationId,
        Detail = context.Message.Provider,
        At = context.Message.DeliveredAt,
        TraceId = TraceId(),
    });

    public Task Consume(ConsumeContext<NotificationFailed> context) => log.AddAsync(new DeliveryLogEntry
    {
        Outcome = DeliveryLogEntry.Failed,
        Channel = context.Message.Channel,
        RecipientId = context.Message.RecipientId,
        ConversationId = context.Message.ConversationId,
        MessageId = context.Message.MessageId,
        NotificationId = context.Message.NotificationId,
        Detail = context.Message.Reason,
        Note = context.Message.Permanent ? "permanent" : "transient",
        At = context.Message.FailedAt,
        TraceId = TraceId(),
    });

    public Task Consume(ConsumeContext<NotificationSuppressed> context) => log.AddAsync(new DeliveryLogEntry
    {
        Outcome = DeliveryLogEntry.Suppressed,
        Channel = context.Message.Channel,
        RecipientId = context.Message.RecipientId,
        ConversationId = context.Message.ConversationId,
        MessageId = context.Message.MessageId,
        NotificationId = context.Message.NotificationId,
        Detail = context.Message.Reason,
        Note = context.Message.Rule,
        At = context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : DateTimeOffset.UtcNow,
        TraceId = TraceId(),
    });

    /// <summary>The consume activity continues the publisher's trace, so this is the notification's trace id.</summary>
    private static string TraceId() => Activity.Current?.TraceId.ToHexString() ?? "";
}

/// <summary>Its own queue, <c>delivery-log</c>: the log never holds up <c>send-email</c>.</summary>
public sealed class DeliveryLogConsumerDefinition : ConsumerDefinition<DeliveryLogConsumer>
{
    public DeliveryLogConsumerDefinition()
    {
        EndpointName = QueueNames.DeliveryLog;
    }
}
