using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Notifications.SharedState.StoredDocuments;

/// <summary>
/// One JSON document in Redis that every instance of every service reads, such as settings changed at run time.
/// Reads are cached for a few seconds, and the cache is dropped at once on every instance when a change is
/// announced on <paramref name="changedChannel"/>. A read returns the same instance until the document is
/// reloaded with different content, so callers may memoise what they derive from it by reference. <typeparamref name="T"/>
/// is a record: equality is by value. With <c>Secrets:EncryptionKey</c> set, the document is stored encrypted
/// (<see cref="StoredDocumentCipher"/>). A document that is there but cannot be read throws
/// <see cref="StoredDocumentUnreadableException"/>: it is never taken for an empty one.
/// </summary>
public sealed class RedisJsonDocument<T>(
    IConnectionMultiplexer redis, RedisKey key, RedisChannel changedChannel, string description, StoredDocumentCipher cipher, ILogger logger,
    RedisKey? reencryptedMarker = null)
    where T : class, new()
{

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private volatile Cached? cached;
    private T? lastRead;
    private int subscribed;

    private sealed record Cached(T Value, long LoadedAt);

    /// <summary>Raised (on any instance) after a change was announced, so derived caches can be dropped.</summary>
    public event Action? Changed;

    public async Task<T> GetAsync()
    {
        await EnsureSubscribedAsync();
        var current = cached;
        if (current is not null && Environment.TickCount64 - current.LoadedAt < CacheFor.TotalMilliseconds)
            return current.Value;

        string? json;
        try
        {
            json = await redis.GetDatabase().StringGetAsync(key);
        }
        catch (Exception failure) when ((failure is RedisException or TimeoutException) && lastRead is not null)
        {
            // Redis is away for a moment: what was read last is still the best answer (the next call tries again).
            logger.LogDebug("Could not reload the {Document} ({Error}); using what was read last", description, failure.GetType().Name);
            return lastRead;
        }
        if (!string.IsNullOrEmpty(json) && !StoredDocumentCipher.IsEncrypted(json) && cipher.Encrypts && reencryptedMarker is { } marker
            && await redis.GetDatabase().KeyExistsAsync(marker))
            throw Unreadable("it is stored as plain JSON, though the stored documents were re-encrypted (POST /admin/secrets/reencrypt): " +
                "save it through the admin API or run the re-encryption again");
        var value = string.IsNullOrEmpty(json) ? new T() : Read(json);
        // An unchanged document keeps its instance, so what callers derived from it stays valid.
        if (lastRead is not null && lastRead.Equals(value))
            value = lastRead;
        lastRead = value;
        cached = new Cached(value, Environment.TickCount64);
        return value;
    }

    /// <summary>
    /// The document in <paramref name="json"/>. One that is there but cannot be read is never taken as empty: that would
    /// send with the configuration alone (a local record folder when the credentials were entered at run time) and
    /// report it delivered. It throws instead, a transient failure, until the document is saved again or the key it
    /// was encrypted with is restored.
    /// </summary>
    private T Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(cipher.Unprotect(json, key.ToString()), Json) ?? new T();
        }
        catch (JsonException failure)
        {
            // The reason names the position only: the document may hold secrets.
            throw Unreadable($"its JSON is damaged (at {failure.Path ?? "the start"})");
        }
        catch (CryptographicException failure)
        {
            throw Unreadable(failure.Message);
        }
    }

    private StoredDocumentUnreadableException Unreadable(string reason)
    {
        var unreadable = new StoredDocumentUnreadableException(description, key.ToString(), reason);
        logger.LogError("{Reason}", unreadable.Message);
        return unreadable;
    }

    /// <summary>
    /// Writes the stored document again with the current key when it is plain JSON, from before key ids, or encrypted with
    /// a previous key (the one-time re-encryption after turning the key on or rotating it). Only if it did not change
    /// meanwhile: a save in between already wrote it with the current key.
    /// </summary>
    /// <exception cref="StoredDocumentUnreadableException">It cannot be read with any key: nothing is written.</exception>
    public async Task<DocumentReencryption> ReencryptAsync()
    {
        var db = redis.GetDatabase();
        var stored = (string?)await db.StringGetAsync(key);
        if (string.IsNullOrEmpty(stored))
            return DocumentReencryption.Absent;
        if (!cipher.NeedsReencryption(stored))
            return DocumentReencryption.AlreadyCurrent;
        string json;
        try
        {
            json = cipher.UnprotectForReencryption(stored, key.ToString());
            // Never re-encrypt (and so hide) a document that is damaged.
            _ = JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException failure)
        {
            throw Unreadable($"its JSON is damaged (at {failure.Path ?? "the start"})");
        }
        catch (CryptographicException failure)
        {
            throw Unreadable(failure.Message);
        }
        var transaction = db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(key, stored));
        _ = transaction.StringSetAsync(key, cipher.Protect(json, key.ToString()));
        if (!await transaction.ExecuteAsync())
            return DocumentReencryption.AlreadyCurrent;
        await AnnounceChangeAsync();
        logger.LogInformation("The stored {Document} was re-encrypted with the key {KeyId}", description, cipher.KeyId);
        return DocumentReencryption.Reencrypted;
    }

    /// <summary>Leaves the mark after which plain documents are refused (<see cref="StoredDocumentCipher.ReencryptedMarkerName"/>).</summary>
    public Task MarkReencryptedAsync() =>
        reencryptedMarker is { } marker ? redis.GetDatabase().StringSetAsync(marker, cipher.KeyId ?? "") : Task.CompletedTask;

    public string Description => description;

    public string RedisKey => key.ToString();

    /// <summary>Stores a new document and tells every instance.</summary>
    public async Task SaveAsync(T value)
    {
        await redis.GetDatabase().StringSetAsync(key, cipher.Protect(JsonSerializer.Serialize(value, Json), key.ToString()));
        await AnnounceChangeAsync();
    }

    /// <summary>Drops this instance's caches and those of every other instance.</summary>
    public async Task AnnounceChangeAsync()
    {
        Invalidate();
        await redis.GetSubscriber().PublishAsync(changedChannel, "changed");
    }

    private void Invalidate()
    {
        cached = null;
        Changed?.Invoke();
    }

    private async Task EnsureSubscribedAsync()
    {
        if (Interlocked.CompareExchange(ref subscribed, 1, 0) != 0)
            return;
        try
        {
            await redis.GetSubscriber().SubscribeAsync(changedChannel, (_, _) => Invalidate());
        }
        catch (RedisException failure)
        {
            // The short cache still picks up changes; the next call tries again.
            Volatile.Write(ref subscribed, 0);
            logger.LogWarning("Could not subscribe to changes of the {Document} ({Error}); relying on the cache expiry",
                description, failure.GetType().Name);
        }
    }
}
