using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Notifications.SharedState.StoredDocuments;

/// <summary>
/// Encrypts the run-time settings documents before they are stored in Redis, when <c>Secrets:EncryptionKey</c> is
/// set: <c>enc:v2:{keyId}:</c> and base64 of nonce, tag and ciphertext (AES-256-GCM, the Redis key as associated data,
/// so a document copied under another key does not decrypt). The key id (the first 8 hex digits of the key's SHA-256,
/// which tells nothing of the key) picks the key to decrypt with: the current one or one of
/// <c>Secrets:PreviousEncryptionKeys</c>, so a rotation keeps every stored document readable until it is saved or
/// re-encrypted with the new key. <c>enc:v1:</c> documents (from before key ids) are tried with each key.
/// Without a key, documents are stored as plain JSON; plain JSON is read unless <c>Secrets:RequireEncryption</c> is
/// set, so turning the key on needs no migration, and the re-encryption (<see cref="NeedsReencryption"/>) then lets
/// plain documents be refused.
/// </summary>
public sealed class StoredDocumentCipher
{
    /// <summary>
    /// The name, under the key prefix, of the mark the re-encryption leaves: from then on a plain document is refused,
    /// as with <c>Secrets:RequireEncryption</c> (only a Redis writer could have put it there).
    /// </summary>
    public const string ReencryptedMarkerName = "secrets:reencrypted";

    private const string PrefixV1 = "enc:v1:";
    private const string PrefixV2 = "enc:v2:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>What is wrong with a malformed key; it never shows the key.</summary>
    public const string KeyProblem =
        $"{SecretsOptions.Section}:EncryptionKey must be 32 random bytes in base64 (for example the output of `openssl rand -base64 32`).";

    /// <summary>What is wrong with a malformed previous key; it never shows the key.</summary>
    public const string PreviousKeyProblem =
        $"Each of {SecretsOptions.Section}:PreviousEncryptionKeys must be 32 random bytes in base64, as {SecretsOptions.Section}:EncryptionKey.";

    /// <summary>Refusing plain documents needs a key to encrypt them with.</summary>
    public const string RequireProblem =
        $"{SecretsOptions.Section}:RequireEncryption is set but {SecretsOptions.Section}:EncryptionKey is not.";

    private readonly byte[]? key;
    private readonly string? keyId;
    private readonly IReadOnlyList<(string Id, byte[] Key)> previous;
    private readonly bool requireEncryption;

    public StoredDocumentCipher(IOptions<SecretsOptions> options)
    {
        var secrets = options.Value;
        if (!IsValidKey(secrets.EncryptionKey, out key))
            throw new OptionsValidationException(SecretsOptions.Section, typeof(SecretsOptions), [KeyProblem]);
        if (!ArePreviousKeysValid(secrets.PreviousEncryptionKeys))
            throw new OptionsValidationException(SecretsOptions.Section, typeof(SecretsOptions), [PreviousKeyProblem]);
        if (secrets.RequireEncryption && key is null)
            throw new OptionsValidationException(SecretsOptions.Section, typeof(SecretsOptions), [RequireProblem]);
        keyId = key is null ? null : KeyIdOf(key);
        previous = (secrets.PreviousEncryptionKeys ?? [])
            .Select(value => { IsValidKey(value, out var bytes); return bytes; })
            .OfType<byte[]>().Select(bytes => (KeyIdOf(bytes), bytes)).ToList();
        requireEncryption = secrets.RequireEncryption;
    }

    /// <summary>No key: documents are stored as they are. For tools and tests without configuration.</summary>
    public static StoredDocumentCipher None { get; } = new(Options.Create(new SecretsOptions()));

    public bool Encrypts => key is not null;

    /// <summary>The current key's id, as stored documents name it; null without a key.</summary>
    public string? KeyId => keyId;

    /// <summary>True when <paramref name="value"/> is unset (<paramref name="key"/> null: no encryption) or 32 bytes in base64.</summary>
    public static bool IsValidKey(string? value, out byte[]? key)
    {
        key = null;
        if (string.IsNullOrWhiteSpace(value))
            return true;
        var bytes = new byte[64];
        if (!Convert.TryFromBase64String(value.Trim(), bytes, out var length) || length != 32)
            return false;
        key = bytes[..32];
        return true;
    }

    public static bool ArePreviousKeysValid(IEnumerable<string>? values) =>
        (values ?? []).All(value => !string.IsNullOrWhiteSpace(value) && IsValidKey(value, out _));

    /// <summary>The first 8 hex digits of the key's SHA-256: names the key without telling anything of it.</summary>
    public static string KeyIdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];

    public static bool IsEncrypted(string stored) =>
        stored.StartsWith(PrefixV1, StringComparison.Ordinal) || stored.StartsWith(PrefixV2, StringComparison.Ordinal);

    /// <summary>
    /// Whether <paramref name="stored"/> should be written again with the current key: plain JSON while a key is set, a
    /// v1 document, or one encrypted with a previous key.
    /// </summary>
    public bool NeedsReencryption(string stored) =>
        key is not null && (!stored.StartsWith(PrefixV2 + keyId + ":", StringComparison.Ordinal));

    /// <summary>What to store for <paramref name="json"/> under <paramref name="redisKey"/>.</summary>
    public string Protect(string json, string redisKey)
    {
        if (key is null)
            return json;
        var plain = Encoding.UTF8.GetBytes(json);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(redisKey));
        return PrefixV2 + keyId + ":" + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The JSON stored under <paramref name="redisKey"/>.</summary>
    /// <exception cref="CryptographicException">Encrypted, and no key is set or none of the keys is the one it was saved
    /// with; or plain while <c>Secrets:RequireEncryption</c> is set (the message says which, and never shows a key).</exception>
    public string Unprotect(string stored, string redisKey) => Unprotect(stored, redisKey, allowPlain: false);

    /// <summary>As <see cref="Unprotect(string, string)"/>, and plain JSON always read: for the re-encryption only.</summary>
    public string UnprotectForReencryption(string stored, string redisKey) => Unprotect(stored, redisKey, allowPlain: true);

    private string Unprotect(string stored, string redisKey, bool allowPlain)
    {
        if (!IsEncrypted(stored))
        {
            if (requireEncryption && !allowPlain)
                throw new CryptographicException(
                    $"it is stored as plain JSON and {SecretsOptions.Section}:RequireEncryption is set (re-encrypt it, docs/operations.md, or save it again)");
            return stored;
        }
        if (key is null)
            throw new CryptographicException($"it is encrypted and {SecretsOptions.Section}:EncryptionKey is not set on this service");

        if (stored.StartsWith(PrefixV2, StringComparison.Ordinal))
        {
            var rest = stored[PrefixV2.Length..];
            var separator = rest.IndexOf(':');
            if (separator < 0)
                throw new CryptographicException("its encrypted form is damaged");
            var id = rest[..separator];
            var chosen = id == keyId ? key : previous.FirstOrDefault(candidate => candidate.Id == id).Key;
            if (chosen is null)
                throw new CryptographicException(
                    $"{SecretsOptions.Section}:EncryptionKey is not the key it was saved with (key id {id}), nor is any of {SecretsOptions.Section}:PreviousEncryptionKeys");
            return Decrypt(chosen, SealedBytes(rest[(separator + 1)..]), redisKey)
                ?? throw new CryptographicException($"its encrypted form is damaged (it does not decrypt with key id {id})");
        }

        // v1 names no key: each is tried, the current one first.
        var v1 = SealedBytes(stored[PrefixV1.Length..]);
        foreach (var candidate in previous.Select(entry => entry.Key).Prepend(key))
        {
            if (Decrypt(candidate, v1, redisKey) is { } json)
                return json;
        }
        throw new CryptographicException(previous.Count == 0
            ? $"{SecretsOptions.Section}:EncryptionKey is not the key it was saved with"
            : $"{SecretsOptions.Section}:EncryptionKey is not the key it was saved with, nor is any of {SecretsOptions.Section}:PreviousEncryptionKeys");
    }

    private static byte[] SealedBytes(string base64)
    {
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new CryptographicException("its encrypted form is damaged");
        }
        if (sealedBytes.Length < NonceSize + TagSize)
            throw new CryptographicException("its encrypted form is damaged");
        return sealedBytes;
    }

    /// <returns>The JSON, or null when <paramref name="candidate"/> is not the key (or the form was altered).</returns>
    private static string? Decrypt(byte[] candidate, byte[] sealedBytes, string redisKey)
    {
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(candidate, TagSize);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(redisKey));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain);
    }
}
