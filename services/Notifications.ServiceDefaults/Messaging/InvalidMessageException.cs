namespace Notifications.ServiceDefaults.Messaging;

/// <summary>
/// Bad input: the message can never be processed as it is. It is not retried; MassTransit moves it to the
/// queue's error queue with this exception's message as the reason, and the consumer goes on with the next one.
/// </summary>
public sealed class InvalidMessageException(string reason) : Exception(reason);
