using Microsoft.Extensions.Logging;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.StoredDocuments;
using StackExchange.Redis;

namespace Notifications.SharedState.ProviderSettings;

/// <summary>
/// The provider credentials entered at run time (<see cref="RuntimeProviderSettings"/>), shared by the console
/// that writes them and the SMS and push senders that use them. A save reaches every instance at once (a
/// <c>providers:changed</c> announcement) or within the few seconds of the read cache.
/// </summary>
public sealed class ProviderSettingsStore(IConnectionMultiplexer redis, RedisKeys keys, StoredDocumentCipher cipher, ILogger<ProviderSettingsStore> logger)
    : IStoredDocumentProbe
{
    private readonly RedisJsonDocument<RuntimeProviderSettings> document = new(
        redis, keys.Key("providers:settings"), RedisChannel.Literal(keys.Prefix + "providers:changed"), "provider credentials", cipher, logger,
        keys.Key(StoredDocumentCipher.ReencryptedMarkerName));

    /// <summary>The stored sets; the same instance until a change is saved or the cache expires.</summary>
    public Task<RuntimeProviderSettings> GetAsync() => document.GetAsync();

    public Task ProbeAsync() => document.GetAsync();

    /// <summary>Writes the document again with the current key when it is plain or under a previous key (the one-time re-encryption).</summary>
    public async Task<(string Document, string RedisKey, DocumentReencryption Result)> ReencryptAsync() =>
        (document.Description, document.RedisKey, await document.ReencryptAsync());

    /// <summary>After every document was re-encrypted: plain ones are refused from now on.</summary>
    public Task MarkReencryptedAsync() => document.MarkReencryptedAsync();

    /// <summary>Stores the sets after <see cref="ProviderCredentialRules"/> passed them.</summary>
    public Task SaveAsync(RuntimeProviderSettings settings)
    {
        if (ProviderCredentialRules.Check(settings) is { } failure)
            throw new ArgumentException(failure.Message, nameof(settings));
        return document.SaveAsync(settings);
    }
}
