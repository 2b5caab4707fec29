using System.Text.Json;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SmsSender.Webhooks;

/// <summary>Which notification an SMS was about: what a status callback or a reply is mapped back to.</summary>
public sealed record SmsThread(string NotificationId, string RecipientId, string ConversationId, string MessageId);

/// <summary>Remembers sent SMS so Twilio's webhooks can be mapped back to notifications and conversations.</summary>
public interface ISmsThreadStore
{
    /// <summary>Stores <c>sms-thread:{to}</c> (the recipient's most recent SMS'd conversation) and, with a sid, <c>sms-sid:{sid}</c>.</summary>
    Task RememberAsync(string to, string? messageSid, SmsThread thread);

    Task<SmsThread?> FindByMessageSidAsync(string messageSid);

    /// <summary>The participant and most recent conversation a phone number was texted about, if any.</summary>
    Task<SmsThread?> FindByNumberAsync(string e164);
}

/// <summary>
/// The Redis keys: <c>{prefix}sms-sid:{MessageSid}</c> (kept <see cref="SidRetention"/>, long enough for Twilio's
/// last status callback) and <c>{prefix}sms-thread:{e164}</c> (kept <see cref="ThreadRetention"/>; every SMS
/// overwrites it, so a reply goes to the conversation last texted about).
/// </summary>
public sealed class RedisSmsThreadStore(IConnectionMultiplexer redis, RedisKeys keys) : ISmsThreadStore
{
    public static readonly TimeSpan SidRetention = TimeSpan.FromDays(3);
    public static readonly TimeSpan ThreadRetention = TimeSpan.FromDays(14);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RememberAsync(string to, string? messageSid, SmsThread thread)
    {
        var value = JsonSerializer.Serialize(thread, Json);
        var db = redis.GetDatabase();
        var writes = new List<Task> { db.StringSetAsync(keys.Key("sms-thread:" + to), value, ThreadRetention) };
        if (!string.IsNullOrEmpty(messageSid))
            writes.Add(db.StringSetAsync(keys.Key("sms-sid:" + messageSid), value, SidRetention));
        await Task.WhenAll(writes);
    }

    public Task<SmsThread?> FindByMessageSidAsync(string messageSid) => ReadAsync("sms-sid:" + messageSid);

    public Task<SmsThread?> FindByNumberAsync(string e164) => ReadAsync("sms-thread:" + e164);

    private async Task<SmsThread?> ReadAsync(string suffix)
    {
        var value = await redis.GetDatabase().StringGetAsync(keys.Key(suffix));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<SmsThread>(value.ToString(), Json);
    }
}
