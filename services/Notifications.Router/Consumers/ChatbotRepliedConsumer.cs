using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Notifications.Router.Consumers;

/// <summary>
/// Records the bot's outcome for a message (rule A6). It is kept for a day, so an outcome that arrives before
/// the message it answers is still honoured when the message is routed.
/// </summary>
public sealed class ChatbotRepliedConsumer(IConnectionMultiplexer redis, RouterKeys keys) : IConsumer<ChatbotReplied>
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public Task Consume(ConsumeContext<ChatbotReplied> context)
    {
        var reply = context.Message;
        if (string.IsNullOrWhiteSpace(reply.MessageId))
            throw new InvalidMessageException("Invalid ChatbotReplied: messageId is required.");
        return redis.GetDatabase().StringSetAsync(keys.BotOutcome(reply.MessageId), reply.Resolved ? "resolved" : "unresolved", Retention);
    }
}
