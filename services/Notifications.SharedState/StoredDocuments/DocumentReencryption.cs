namespace Notifications.SharedState.StoredDocuments;

/// <summary>What <see cref="RedisJsonDocument{T}.ReencryptAsync"/> did.</summary>
public enum DocumentReencryption
{
    /// <summary>Nothing is stored.</summary>
    Absent,

    /// <summary>Already encrypted with the current key (or saved meanwhile); nothing written.</summary>
    AlreadyCurrent,

    /// <summary>Written again with the current key.</summary>
    Reencrypted,
}
