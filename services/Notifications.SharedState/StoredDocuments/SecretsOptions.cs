namespace Notifications.SharedState.StoredDocuments;

/// <summary>The <c>Secrets</c> section: how settings entered at run time are kept in Redis.</summary>
public sealed class SecretsOptions
{
    public const string Section = "Secrets";

    /// <summary>
    /// A 256-bit key, base64 (<c>openssl rand -base64 32</c>). When set, the settings entered at run time (provider
    /// credentials, the SMTP password) are stored in Redis encrypted with it (AES-GCM), so a Redis dump or a look
    /// with <c>redis-cli</c> does not show them. Every service that reads them (email, SMS and push senders) needs
    /// the same key. Secret: never logged.
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>
    /// Keys rotated away, still used to read what was stored with them (each stored document names its key by id), so a
    /// new <see cref="EncryptionKey"/> keeps every stored credential readable. Drop them once the re-encryption ran
    /// (<c>POST /admin/secrets/reencrypt</c>). Secret: never logged.
    /// </summary>
    public string[]? PreviousEncryptionKeys { get; set; }

    /// <summary>
    /// Refuse documents stored as plain JSON (a Redis writer could otherwise swap the SMTP host by writing plain JSON):
    /// set it once the re-encryption ran. Needs <see cref="EncryptionKey"/>.
    /// </summary>
    public bool RequireEncryption { get; set; }
}
