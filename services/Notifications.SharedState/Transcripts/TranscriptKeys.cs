using System.Text.Json;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.Transcripts;

/// <summary>
/// The transcript layout shared by the router (writer) and the email sender (reader):
/// <c>transcript:{conversationId}</c> is a sorted set of <see cref="TranscriptEntry"/> JSON scored by the
/// message's <c>postedAt</c> in unix milliseconds, capped to the latest <see cref="MaxMessages"/> entries and
/// expiring <see cref="Retention"/> after the conversation's last message.
/// </summary>
public static class TranscriptKeys
{
    public const int MaxMessages = 200;

    public static readonly TimeSpan Retention = TimeSpan.FromDays(14);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RedisKey Of(RedisKeys keys, string conversationId) => keys.Key($"transcript:{conversationId}");
}
