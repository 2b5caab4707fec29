using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.StoredDocuments;
using StackExchange.Redis;

namespace Notifications.Email.Settings;

/// <summary>
/// The email settings in effect: configuration overridden by what the admin API stored in Redis
/// (<c>email:settings</c>), so every instance sees a change. The stored document is cached for a few seconds
/// and dropped at once on every instance when a change is announced on <c>email:changed</c>.
/// </summary>
public sealed class EmailSettingsStore : IStoredDocumentProbe
{
    private readonly RedisJsonDocument<RuntimeEmailSettings> document;
    private readonly IOptions<EmailOptions> configured;
    private readonly ILogger<EmailSettingsStore> logger;
    private readonly DerivedFromDocument<RuntimeEmailSettings, EmailOptions> effective;

    public EmailSettingsStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<EmailOptions> configured, StoredDocumentCipher cipher,
        ILogger<EmailSettingsStore> logger)
    {
        this.configured = configured;
        this.logger = logger;
        document = new RedisJsonDocument<RuntimeEmailSettings>(
            redis, keys.Key("email:settings"), RedisChannel.Literal(keys.Prefix + "email:changed"), "email settings", cipher, logger,
            keys.Key(StoredDocumentCipher.ReencryptedMarkerName));
        effective = new DerivedFromDocument<RuntimeEmailSettings, EmailOptions>(EffectiveOf);
    }

    /// <summary>Raised (on any instance) after settings or templates changed, so caches can be dropped.</summary>
    public event Action? Changed
    {
        add => document.Changed += value;
        remove => document.Changed -= value;
    }

    public async Task<EmailOptions> GetEffectiveAsync() => effective.Of(await document.GetAsync());

    private EmailOptions EffectiveOf(RuntimeEmailSettings stored)
    {
        var applied = Apply(configured.Value, stored);
        if (stored.SmtpPassword is not null && applied.Smtp.Password != stored.SmtpPassword)
            logger.LogWarning("The stored SMTP password was given for another server and is not sent to {Host}:{Port} ({Security}): set smtp.password again",
                applied.Smtp.Host, applied.Smtp.Port, applied.Smtp.Security);
        if (new EmailOptionsValidator().Validate(null, applied) is not { Failed: true } invalid)
            return applied;
        // Validated on save; this only happens when configuration and stored values no longer fit together.
        logger.LogError("The stored email settings are not valid with the configuration ({Failures}); using the configuration", invalid.FailureMessage);
        return configured.Value;
    }

    public Task<RuntimeEmailSettings> GetStoredAsync() => document.GetAsync();

    public Task ProbeAsync() => document.GetAsync();

    /// <summary>Writes the document again with the current key when it is plain or under a previous key (the one-time re-encryption).</summary>
    public async Task<(string Document, string RedisKey, DocumentReencryption Result)> ReencryptAsync() =>
        (document.Description, document.RedisKey, await document.ReencryptAsync());

    /// <summary>Stores new run-time settings and tells every instance.</summary>
    public Task SaveAsync(RuntimeEmailSettings settings) => document.SaveAsync(settings);

    /// <summary>Drops this instance's caches and those of every other instance.</summary>
    public Task AnnounceChangeAsync() => document.AnnounceChangeAsync();

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
        effective.Smtp.Password = PasswordFor(SmtpServerIdentity.Of(effective.Smtp), configured, stored);
        effective.From = stored.From ?? configured.From;
        effective.FromName = stored.FromName ?? configured.FromName;
        effective.AdminBaseUrl = stored.AdminBaseUrl ?? configured.AdminBaseUrl;
        effective.Digest.Enabled = stored.DigestEnabled ?? configured.Digest.Enabled;
        effective.Digest.Schedule = stored.DigestSchedule ?? configured.Digest.Schedule;
        effective.Digest.CancelIfOnline = stored.DigestCancelIfOnline ?? configured.Digest.CancelIfOnline;
        return effective;
    }

    /// <summary>
    /// The password for the server in effect: the stored one if it was given for that server, else the configured
    /// one if the configuration names that same server, else none. Never a password given for another server.
    /// </summary>
    private static string? PasswordFor(string server, EmailOptions configured, RuntimeEmailSettings stored)
    {
        if (stored.SmtpPassword is not null && (stored.SmtpPasswordServer ?? SmtpServerIdentity.Of(configured, stored)) == server)
            return stored.SmtpPassword;
        return SmtpServerIdentity.Of(configured.Smtp) == server ? configured.Smtp.Password : null;
    }

    internal static JsonSerializerOptions Json => RedisJsonDocument<RuntimeEmailSettings>.Json;
}
