using MassTransit;
using Notifications.ServiceDefaults.Messaging;
using Notifications.Scheduling.Redelivery;

namespace Notifications.Scheduling.Redelivery;

/// <summary>
/// Redelivery on the delay ladder: a copy of the message, with the same message id and headers, sent into the ladder
/// towards the queue it was consumed from. It is enveloped whatever it came as (bare JSON included): its consumer
/// reads the same message either way.
/// </summary>
public sealed class LadderRedeliveryTransport(DelayedDelivery delivery)
{
    public Task RedeliverAsync<T>(ConsumeContext<T> context, TimeSpan delay, Action<SendContext> setHeaders) where T : class =>
        delivery.SendAsync(context, ReceiveQueueName.Of(context.ReceiveContext.InputAddress)!, delay, context.Message, send =>
        {
            send.MessageId = context.MessageId;
            send.ConversationId = context.ConversationId;
            send.CorrelationId = context.CorrelationId;
            send.InitiatorId = context.InitiatorId;
            send.SourceAddress = context.SourceAddress;
            foreach (var (key, value) in context.Headers.GetAll())
                send.Headers.Set(key, value);
            setHeaders(send);
        }, context.CancellationToken);
}
