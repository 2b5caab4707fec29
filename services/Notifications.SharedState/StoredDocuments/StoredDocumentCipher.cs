using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Notifications.SharedState.StoredDocuments;

/// <summary>
/// Encrypts the run-time settings documents before they are stored in Redis, when <c>Secrets:EncryptionKey</c> is
/// set: <c>enc:v1:</c> and base64 of nonce, tag and ciphertext (AES-256-GCM, the Redis key as associated data, so a
/// document copied under another key does not decrypt). Without a key, documents are stored as plain JSON, and
/// plain JSON is always read, so turning the key on needs no migration: the next save encrypts.
/// </summary>
public sealed class StoredDocumentCipher
{
    private const string Prefix = "enc:v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>What is wrong with a malformed key; it never shows the key.</summary>
    public const string KeyProblem =
        $"{SecretsOptions.Section}:EncryptionKey must be 32 random bytes in base64 (for example the output of `openssl rand -base64 32`).";

    private readonly byte[]? key;

    public StoredDocumentCipher(IOptions<SecretsOptions> options)
    {
        if (!IsValidKey(options.Value.EncryptionKey, out key))
            throw new OptionsValidationException(SecretsOptions.Section, typeof(SecretsOptions), [KeyProblem]);
    }

    /// <summary>No key: documents are stored as they are. For tools and tests without configuration.</summary>
    public static StoredDocumentCipher None { get; } = new(Options.Create(new SecretsOptions()));

    public bool Encrypts => key is not null;

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

    public static bool IsEncrypted(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

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
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The JSON stored under <paramref name="redisKey"/>.</summary>
    /// <exception cref="CryptographicException">Encrypted, and no key is set or it is not the key it was saved with
    /// (the message says which, and never shows a key).</exception>
    public string Unprotect(string stored, string redisKey)
    {
        if (!IsEncrypted(stored))
            return stored;
        if (key is null)
            throw new CryptographicException($"it is encrypted and {SecretsOptions.Section}:EncryptionKey is not set on this service");
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(stored[Prefix.Length..]);
        }
        catch (FormatException)
        {
            throw new CryptographicException("its encrypted form is damaged");
        }
        if (sealedBytes.Length < NonceSize + TagSize)
            throw new CryptographicException("its encrypted form is damaged");
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(redisKey));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new CryptographicException($"{SecretsOptions.Section}:EncryptionKey is not the key it was saved with");
        }
        return Encoding.UTF8.GetString(plain);
    }
}
