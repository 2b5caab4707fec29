using System.Collections.Concurrent;
using System.Text.Json;
using Notifications.Email.Settings;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.Email.Templates;

/// <summary>
/// Templates saved through the admin API, in the Redis hash <c>email:templates</c> (field = template name,
/// <c>agent/digest/fr</c>; value = <see cref="StoredTemplate"/> JSON). Resolution for a recipient tries their
/// locale, its language, the default (locale-less) stored template, then the built-in one. A stored template
/// that no longer validates is reported in the log and skipped: sending goes on with the next in line.
/// </summary>
public sealed class TemplateStore
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly IConnectionMultiplexer redis;
    private readonly EmailSettingsStore settings;
    private readonly ILogger<TemplateStore> logger;
    private readonly RedisKey key;
    private readonly ConcurrentDictionary<string, byte> reported = new();
    private volatile Snapshot? snapshot;

    private sealed record Snapshot(IReadOnlyDictionary<string, string> Stored, long LoadedAt);

    public TemplateStore(IConnectionMultiplexer redis, RedisKeys keys, EmailSettingsStore settings, ILogger<TemplateStore> logger)
    {
        this.redis = redis;
        this.settings = settings;
        this.logger = logger;
        key = keys.Key("email:templates");
        settings.Changed += () => snapshot = null;
    }

    /// <summary>The template for a recipient: their locale, its language, the default, then the built-in.</summary>
    public async Task<ResolvedTemplate> ResolveAsync(string audience, TemplateKind kind, string? locale)
    {
        var stored = await LoadAsync();
        foreach (var candidate in TemplateKey.FallbackChain(audience, kind, locale))
        {
            if (!stored.TryGetValue(candidate.Name, out var json))
                continue;
            if (TryLoad(candidate, json, out var template, out var error))
                return new ResolvedTemplate(template, candidate.Name);
            if (reported.TryAdd(candidate.Name + "\n" + json, 0))
                logger.LogError("The stored email template {Template} is not valid and is skipped until it is saved again: {Error}", candidate.Name, error);
        }
        return new ResolvedTemplate(DefaultTemplates.For(audience, kind), "built-in");
    }

    /// <summary>What is stored for exactly this key (no fallback); null when nothing is.</summary>
    public async Task<string?> GetStoredJsonAsync(TemplateKey templateKey) =>
        (await LoadAsync()).GetValueOrDefault(templateKey.Name);

    /// <summary>Validates and stores; every instance drops its cache.</summary>
    /// <exception cref="TemplateException">The template is not valid; nothing was stored.</exception>
    public async Task<EmailTemplate> SaveAsync(TemplateKey templateKey, StoredTemplate template)
    {
        var validated = template.ToTemplate(templateKey);
        var json = JsonSerializer.Serialize(template with { UpdatedAt = DateTimeOffset.UtcNow }, EmailSettingsStore.Json);
        await redis.GetDatabase().HashSetAsync(key, templateKey.Name, json);
        await settings.AnnounceChangeAsync();
        return validated;
    }

    public async Task<bool> DeleteAsync(TemplateKey templateKey)
    {
        var deleted = await redis.GetDatabase().HashDeleteAsync(key, templateKey.Name);
        await settings.AnnounceChangeAsync();
        return deleted;
    }

    /// <summary>The stored JSON as a template, or null when it does not parse (edited by hand, truncated).</summary>
    public static StoredTemplate? ParseOrNull(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<StoredTemplate>(json, EmailSettingsStore.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool TryLoad(TemplateKey templateKey, string json, out EmailTemplate template, out string error)
    {
        template = null!;
        try
        {
            var stored = JsonSerializer.Deserialize<StoredTemplate>(json, EmailSettingsStore.Json)
                ?? throw new TemplateException($"The {templateKey.Name} template is empty.");
            template = stored.ToTemplate(templateKey);
            error = "";
            return true;
        }
        catch (Exception failure) when (failure is TemplateException or JsonException)
        {
            error = failure is JsonException
                ? $"The stored {templateKey.Name} template is not valid JSON ({failure.Message}); save it again."
                : failure.Message;
            return false;
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> LoadAsync()
    {
        // Touching the settings store keeps the change subscription alive (it drops this cache as well).
        await settings.GetStoredAsync();
        var current = snapshot;
        if (current is not null && Environment.TickCount64 - current.LoadedAt < CacheFor.TotalMilliseconds)
            return current.Stored;
        var entries = await redis.GetDatabase().HashGetAllAsync(key);
        current = new Snapshot(entries.ToDictionary(entry => (string)entry.Name!, entry => (string)entry.Value!, StringComparer.Ordinal), Environment.TickCount64);
        snapshot = current;
        return current.Stored;
    }
}

/// <summary>A template chosen for a recipient, and where it came from (<c>agent/message/fr</c>, <c>built-in</c>).</summary>
public sealed record ResolvedTemplate(EmailTemplate Template, string Source);
