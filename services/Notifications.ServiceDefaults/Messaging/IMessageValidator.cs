namespace Notifications.ServiceDefaults.Messaging;

/// <summary>
/// The checks one inbound contract type must pass before its consumer acts on it. A message that fails them can
/// never be processed, however often it is retried, so it belongs in the error queue with the reason. One
/// validator per contract type, beside the consumer of that type.
/// </summary>
public interface IMessageValidator<in T> where T : class
{
    /// <summary>Why the message cannot be processed, worded as the error queue shows it
    /// (<c>MT-Fault-Message</c>); null when it can be.</summary>
    string? Problem(T message);
}
