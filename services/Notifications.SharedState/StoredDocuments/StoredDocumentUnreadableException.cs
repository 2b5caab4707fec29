namespace Notifications.SharedState.StoredDocuments;

/// <summary>
/// A stored settings document is there but cannot be read: its JSON is damaged, or it was encrypted with another key
/// (or none is set here). Transient on purpose: the consumer retries and, at the end, the command waits in its error
/// queue for a replay, rather than sending with the configuration alone (which, without credentials there, means a
/// local record folder and a false "delivered"). The message names the document and its Redis key, never a value.
/// </summary>
public sealed class StoredDocumentUnreadableException(string description, string redisKey, string reason)
    : Exception($"The stored {description} (Redis key {redisKey}) cannot be read: {reason}. Nothing is sent until it can be: " +
        "save the settings again, or restore the key it was encrypted with.")
{
    public string Description { get; } = description;

    public string RedisKey { get; } = redisKey;
}
