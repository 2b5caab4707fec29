using System.Diagnostics;
using MassTransit;
using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.DeliveryLog;

namespace Notifications.Router.Replies;

/// <summary>
/// A participant's answer by SMS (<see cref="SmsReplyReceived"/>, from the SMS sender) or email
/// (<see cref="EmailReplyReceived"/>, from the gateway) goes into the delivery log beside the notifications of its
/// conversation, so the console's thread shows it: who, on which channel, when, never the text. Consumed on the
/// router's outcomes queue, apart from routing. A reply without a conversation or participant is refused by name (to
/// the error queue) rather than logged where no thread would show it.
/// </summary>
public sealed class RepliesInDeliveryLog(DeliveryLogStore log, ILogger<RepliesInDeliveryLog> logger) : IConsumer<SmsReplyReceived>, IConsumer<EmailReplyReceived>
{
    public Task Consume(ConsumeContext<SmsReplyReceived> context)
    {
        var reply = context.Message;
        Require(nameof(SmsReplyReceived), reply.RecipientId, "recipientId", reply.ConversationId);
        return AddAsync(DeliveryLogEntry.Of(reply, TraceId()), $"sms-reply:{reply.ProviderMessageId}");
    }

    public Task Consume(ConsumeContext<EmailReplyReceived> context)
    {
        var reply = context.Message;
        Require(nameof(EmailReplyReceived), reply.ParticipantId, "participantId", reply.ConversationId);
        return AddAsync(DeliveryLogEntry.Of(reply, TraceId()), $"email-reply:{reply.InboundMessageId}");
    }

    /// <param name="onceId">The reply's own id (the provider's SMS id, the inbound email's Message-ID): a redelivered reply is logged once.</param>
    private async Task AddAsync(DeliveryLogEntry entry, string onceId)
    {
        await log.AddOnceAsync(entry, onceId);
        logger.LogDebug("A {Channel} reply of {RecipientId} in {ConversationId} is in the delivery log", entry.Channel, entry.RecipientId, entry.ConversationId);
    }

    private static void Require(string contract, string? participant, string participantField, string? conversation)
    {
        if (string.IsNullOrEmpty(participant) || string.IsNullOrEmpty(conversation))
            throw new InvalidMessageException($"{contract} needs {participantField} and conversationId.");
    }

    private static string TraceId() => Activity.Current?.TraceId.ToHexString() ?? "";
}

public sealed class RepliesInDeliveryLogDefinition : ConsumerDefinition<RepliesInDeliveryLog>
{
    public RepliesInDeliveryLogDefinition() => EndpointName = QueueNames.RouterOutcomes;
}
