using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.EventValidation;
using Notifications.Router.Escalation;
using Notifications.Router.Routing;
using Notifications.Router.Transcript;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>Validates each chat message and routes it; a malformed one goes to the error queue with its reason.</summary>
public sealed class MessagePostedConsumer(MessageRouter router, IOptions<MessageLimits> limits, ConversationTranscript transcript, EventClock eventClock, EscalationTimers escalation) : IConsumer<MessagePosted>
{
    public async Task Consume(ConsumeContext<MessagePosted> context)
    {
        var message = context.Message;
        using var activity = RouteActivity.Start(message, context.ReceiveContext.TransportHeaders.Get<string>("traceparent"));

        new MessagePostedValidator(limits.Value).EnsureValid(message);
        // A postedAt from a clock ahead of ours is taken as the time we received it: transcripts and digests order by it.
        if (eventClock.NotAfterNow(message.PostedAt) is var postedAt && postedAt != message.PostedAt)
            message = message with { PostedAt = postedAt };

        // A digest email queued for this message must find it in the transcript. The append is sent before the
        // routing snapshot on the same Redis connection, which Redis executes in order, so it is stored before any
        // command leaves; not awaiting it first saves a round trip per message.
        var appended = transcript.AppendAsync(message);
        await router.RouteAsync(context, message);
        await appended;
        // Row E1: after the message's own notifications, so an escalation never comes before them.
        await escalation.OnMessageAsync(context, message);
    }
}
