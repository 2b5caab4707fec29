using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.StoredDocuments;
using StackExchange.Redis;

namespace Notifications.SharedState.ProviderSettings;

/// <summary>
/// What a sender found in its own configuration for one channel, reported at start-up so the console (served by
/// another service) can show what is in effect. Names and non-secret identifiers only: a secret is set or not.
/// </summary>
public sealed record ProviderReport
{
    /// <summary><c>sms</c>, <c>push</c> or <c>realtime</c>.</summary>
    public required string Channel { get; init; }

    /// <summary>Providers with complete configured credentials (<c>twilio</c>, <c>onesignal</c>, <c>pusher-beams</c>, <c>pusher-channels</c>).</summary>
    public required IReadOnlyList<string> ConfiguredProviders { get; init; }

    /// <summary>One line for people: the provider and its public identifiers, or the folder it records to.</summary>
    public required string Description { get; init; }

    public string? RecordDirectory { get; init; }

    public DateTimeOffset ReportedAt { get; init; } = DateTimeOffset.UtcNow;

    public string Host { get; init; } = Environment.MachineName;
}

/// <summary>The reports, one field per channel in the Redis hash <c>providers:configured</c>; the last instance to start wins.</summary>
public sealed class ProviderReports(IConnectionMultiplexer redis, RedisKeys keys, ILogger<ProviderReports> logger)
{
    private RedisKey Key => keys.Key("providers:configured");

    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);
    private const int Attempts = 24;

    /// <summary>
    /// Best effort, not awaited by the senders: a sender whose Redis is not up yet still starts, and the report
    /// is tried again every few seconds for two minutes, or until <paramref name="stopping"/> (the host stopping).
    /// </summary>
    public async Task WriteAsync(ProviderReport report, CancellationToken stopping)
    {
        var json = JsonSerializer.Serialize(report, RedisJsonDocument<RuntimeProviderSettings>.Json);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                await redis.GetDatabase().HashSetAsync(Key, report.Channel, json);
                return;
            }
            catch (Exception failure) when (failure is RedisException or TimeoutException)
            {
                if (attempt == Attempts)
                {
                    logger.LogWarning("Could not report the {Channel} provider configuration to the console ({Error}); it shows the channel as not reported until this sender restarts",
                        report.Channel, failure.GetType().Name);
                    return;
                }
            }
            try
            {
                await Task.Delay(RetryEvery, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, ProviderReport>> ReadAsync()
    {
        var reports = new Dictionary<string, ProviderReport>();
        foreach (var entry in await redis.GetDatabase().HashGetAllAsync(Key))
        {
            try
            {
                if (JsonSerializer.Deserialize<ProviderReport>((string)entry.Value!, RedisJsonDocument<RuntimeProviderSettings>.Json) is { } report)
                    reports[report.Channel] = report;
            }
            catch (JsonException)
            {
                // An unreadable report is shown as no report.
            }
        }
        return reports;
    }

    /// <summary><c>AC0123…cdef</c>: enough to tell accounts apart, not the whole identifier.</summary>
    public static string Shorten(string? identifier) =>
        string.IsNullOrEmpty(identifier) ? "not set" : identifier.Length <= 10 ? identifier : $"{identifier[..6]}…{identifier[^4..]}";
}
