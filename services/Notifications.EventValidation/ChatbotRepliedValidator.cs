using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EventValidation;

/// <summary>Checks a <c>ChatbotReplied</c>: the bot's outcome is keyed on the message it answered, so that id is needed.</summary>
public sealed class ChatbotRepliedValidator : IMessageValidator<ChatbotReplied>
{
    public string? Problem(ChatbotReplied reply) =>
        IdValidator.Problem(reply.MessageId, "messageId") is { } problem ? "Invalid ChatbotReplied: " + problem : null;
}
