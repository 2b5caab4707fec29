using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifications.EmailSender.Options;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.EmailSender.Settings;

/// <summary>
/// The email settings in effect: configuration overridden by what the admin API stored in Redis, so every
/// instance sees a change. Each instance caches the stored settings for a few seconds and drops the cache
/// at once when another instance announces a change on the <c>email:changed</c> channel.
/// </summary>
public sealed class EmailSettingsStore
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly IConnectionMultiplexer redis;
    private readonly IOptions<EmailOptions> configured;
    private readonly RedisKey key;
    private readonly RedisChannel channel;
    private readonly ILogger<EmailSettingsStore> logger;
    private volatile Cached? cached;
    private int subscribed;

    private sealed record Cached(RuntimeEmailSettings Stored, EmailOptions Effective, long LoadedAt);

    public EmailSettingsStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<EmailOptions> configured, ILogger<EmailSettingsStore> logger)
    {
        this.redis = redis;
        this.configured = configured;
        this.logger = logger;
        key = keys.Key("email:settings");
        channel = RedisChannel.Literal(keys.Prefix + "email:changed");
    }

    /// <summary>Raised (on any instance) after settings or templates changed, so caches can be dropped.</summary>
    public event Action? Changed;

    public async Task<EmailOptions> GetEffectiveAsync() => (await LoadAsync()).Effective;

    public async Task<RuntimeEmailSettings> GetStoredAsync() => (await LoadAsync()).Stored;

    /// <summary>Stores new run-time settings and tells every instance.</summary>
    public async Task SaveAsync(RuntimeEmailSettings settings)
    {
        await redis.GetDatabase().StringSetAsync(key, JsonSerializer.Serialize(settings, Json));
        await AnnounceChangeAsync();
    }

    /// <summary>Drops this instance's caches and those of every other instance.</summary>
    public async Task AnnounceChangeAsync()
    {
        Invalidate();
        await redis.GetSubscriber().PublishAsync(channel, "changed");
    }

    /// <summary>
    /// Configuration with the stored values applied over it. The configured sections are copied whole and only
    /// the run-time settable values replaced, so a key added to the options later cannot be silently dropped.
    /// </summary>
    public static EmailOptions Apply(EmailOptions configured, RuntimeEmailSettings stored)
    {
        var effective = configured.Copy();
        effective.Smtp.Host = stored.SmtpHost ?? configured.Smtp.Host;
        effective.Smtp.Port = stored.SmtpPort ?? configured.Smtp.Port;
        effective.Smtp.Security = stored.SmtpSecurity ?? configured.Smtp.Security;
        effective.Smtp.Username = stored.SmtpUsername ?? configured.Smtp.Username;
        effective.Smtp.Password = stored.SmtpPassword ?? configured.Smtp.Password;
        effective.From = stored.From ?? configured.From;
        effective.FromName = stored.FromName ?? configured.FromName;
        effective.AdminBaseUrl = stored.AdminBaseUrl ?? configured.AdminBaseUrl;
        effective.Digest.Enabled = stored.DigestEnabled ?? configured.Digest.Enabled;
        effective.Digest.Schedule = stored.DigestSchedule ?? configured.Digest.Schedule;
        effective.Digest.CancelIfOnline = stored.DigestCancelIfOnline ?? configured.Digest.CancelIfOnline;
        return effective;
    }

    private void Invalidate()
    {
        cached = null;
        Changed?.Invoke();
    }

    private async Task<Cached> LoadAsync()
    {
        await EnsureSubscribedAsync();
        var current = cached;
        if (current is not null && Environment.TickCount64 - current.LoadedAt < CacheFor.TotalMilliseconds)
            return current;

        var json = (string?)await redis.GetDatabase().StringGetAsync(key);
        var stored = new RuntimeEmailSettings();
        if (!string.IsNullOrEmpty(json))
        {
            try
            {
                stored = JsonSerializer.Deserialize<RuntimeEmailSettings>(json, Json) ?? stored;
            }
            catch (JsonException failure)
            {
                logger.LogError("The stored email settings cannot be read ({Error}); using the configuration until they are saved again", failure.Message);
            }
        }

        var effective = Apply(configured.Value, stored);
        if (new EmailOptionsValidator().Validate(null, effective) is { Failed: true } invalid)
        {
            // Validated on save; this only happens when configuration and stored values no longer fit together.
            logger.LogError("The stored email settings are not valid with the configuration ({Failures}); using the configuration", invalid.FailureMessage);
            effective = configured.Value;
        }
        current = new Cached(stored, effective, Environment.TickCount64);
        cached = current;
        return current;
    }

    private async Task EnsureSubscribedAsync()
    {
        if (Interlocked.CompareExchange(ref subscribed, 1, 0) != 0)
            return;
        try
        {
            await redis.GetSubscriber().SubscribeAsync(channel, (_, _) => Invalidate());
        }
        catch (RedisException failure)
        {
            // The short cache still picks up changes; the next call tries again.
            Volatile.Write(ref subscribed, 0);
            logger.LogWarning("Could not subscribe to email setting changes ({Error}); relying on the cache expiry", failure.GetType().Name);
        }
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
