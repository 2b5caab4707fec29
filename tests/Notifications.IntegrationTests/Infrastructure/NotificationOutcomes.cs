using System.Collections.Concurrent;
using MassTransit;
using Notifications.Contracts;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>Collects the events the system publishes back to the platform.</summary>
public sealed class NotificationOutcomes
{
    public ConcurrentQueue<NotificationDelivered> Delivered { get; } = new();
    public ConcurrentQueue<NotificationFailed> Failed { get; } = new();
    public ConcurrentQueue<NotificationSuppressed> Suppressed { get; } = new();
    public ConcurrentQueue<SmsReplyReceived> SmsReplies { get; } = new();
    public ConcurrentQueue<EmailReplyReceived> EmailReplies { get; } = new();
    public ConcurrentQueue<MessageRouted> Routed { get; } = new();

    public void Subscribe(IReceiveEndpointConfigurator endpoint)
    {
        endpoint.Handler<NotificationDelivered>(context => Keep(Delivered, context.Message));
        endpoint.Handler<NotificationFailed>(context => Keep(Failed, context.Message));
        endpoint.Handler<NotificationSuppressed>(context => Keep(Suppressed, context.Message));
        endpoint.Handler<SmsReplyReceived>(context => Keep(SmsReplies, context.Message));
        endpoint.Handler<EmailReplyReceived>(context => Keep(EmailReplies, context.Message));
        endpoint.Handler<MessageRouted>(context => Keep(Routed, context.Message));
    }

    private static Task Keep<T>(ConcurrentQueue<T> queue, T message)
    {
        queue.Enqueue(message);
        return Task.CompletedTask;
    }
}
