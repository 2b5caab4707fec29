namespace Notifications.ServiceDefaults.Messaging;

/// <summary>The one way a consumer refuses a message: its validator's reason, thrown as bad input.</summary>
public static class MessageValidatorExtensions
{
    /// <exception cref="InvalidMessageException">With the validator's reason: the message goes to the error queue
    /// unretried, and the consumer goes on with the next one.</exception>
    public static void EnsureValid<T>(this IMessageValidator<T> validator, T message) where T : class
    {
        if (validator.Problem(message) is { } reason)
            throw new InvalidMessageException(reason);
    }
}
