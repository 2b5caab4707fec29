using Notifications.EventValidation;
using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.Router.Routing;
using Notifications.Router.Waits;
using Notifications.ServiceDefaults.Messaging;
using StackExchange.Redis;

namespace Notifications.Router.Consumers;

/// <summary>
/// Records the bot's outcome for a message (rule A6) and routes the message now if it was held for it.
/// The outcome is kept for a day, so one that arrives before the message it answers is still honoured.
/// Keyed on <c>messageId</c>, the user message the bot answered; <c>conversationId</c> is not used to match.
/// </summary>
public sealed class ChatbotRepliedConsumer(IConnectionMultiplexer redis, RouterKeys keys, HeldMessages held, MessageRouter router)
    : IConsumer<ChatbotReplied>
{
    private static readonly ChatbotRepliedValidator Validator = new();
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public async Task Consume(ConsumeContext<ChatbotReplied> context)
    {
        var reply = context.Message;
        Validator.EnsureValid(reply);

        await redis.GetDatabase().StringSetAsync(keys.BotOutcome(reply.MessageId), reply.Resolved ? "resolved" : "unresolved", Retention);

        if (await held.ClaimAsync(reply.MessageId, HeldMessages.BotOutcome) is { } message)
        {
            using (RouteActivity.Start(message))
                await router.RouteAsync(context, message);
            await held.ReleaseAsync(reply.MessageId);
        }
    }
}
