using System.Text.Json;
using Notifications.Contracts;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.Erasure;
using StackExchange.Redis;

namespace Notifications.SharedState.OptOuts;

/// <summary>
/// The participants' own opt-outs (an unsubscribe link, an SMS STOP), written by the router from
/// <c>ParticipantOptedOut</c>/<c>ParticipantOptedIn</c> and read by its routing snapshot and by the console:
/// <list type="bullet">
/// <item><c>opt-outs:{participantId}</c> hash: channel → <see cref="OptOut"/> as JSON. Read inside the routing snapshot script.</item>
/// <item><c>opted-out-addresses</c> hash: <c>{channel}|{address hash}</c> → the opt-out. The hash is the erasure's
/// (<see cref="ErasedAddresses.HashOf"/>, keyed by <c>Erasure:AddressHashKey</c>), so what is kept of an address is the
/// same everywhere and an erased participant's opt-out still holds when the platform creates them again with that address.</item>
/// </list>
/// An opt-out stays until the platform sends that channel <c>true</c> (<see cref="ReconcileAsync"/>) or, for SMS, the
/// participant texts START (<see cref="OptInAsync"/>). Every write is one script, so a participant's hash and the
/// addresses never disagree halfway.
/// </summary>
public sealed class OptOutStore(IConnectionMultiplexer redis, RedisKeys keys, ErasedAddresses addresses)
{
    /// <summary>The per-participant hash's name after the prefix, before the id; the routing snapshot script builds it too.</summary>
    public const string KeyPrefix = "opt-outs:";

    public const string AddressesKeySuffix = "opted-out-addresses";

    /// <summary>The channels a participant can opt out of (the desktop notification has no address to stop).</summary>
    public static readonly IReadOnlyList<string> OptOutChannels = [Channels.Email, Channels.Sms, Channels.Push];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // KEYS: the participant's hash, the addresses hash. ARGV: channel, the opt-out (JSON), then address fields.
    // The first opt-out of a channel is kept (HSETNX): a replayed unsubscribe or a second STOP changes nothing.
    private const string OptOutScript = """
        local added = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
        for i = 3, #ARGV do redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[2]) end
        return added
        """;

    // KEYS: the participant's hash, the addresses hash. ARGV: channel, then address fields.
    private const string OptInScript = """
        local removed = redis.call('HDEL', KEYS[1], ARGV[1])
        for i = 2, #ARGV do redis.call('HDEL', KEYS[2], ARGV[i]) end
        return removed
        """;

    // KEYS: the participant's hash, the addresses hash. ARGV: pairs of (channel, address field or ''), then '|', then the
    // channels the platform sent true. A channel sent true is cleared with its address; else an address that opted out
    // (under any participant, an erased one included) becomes this participant's opt-out.
    private const string ReconcileScript = """
        local cleared, i = {}, 1
        while ARGV[i] ~= '|' do i = i + 2 end
        for j = i + 1, #ARGV do cleared[ARGV[j]] = true end
        local changed = 0
        for k = 1, i - 1, 2 do
          local channel, field = ARGV[k], ARGV[k + 1]
          if cleared[channel] then
            changed = changed + redis.call('HDEL', KEYS[1], channel)
            if field ~= '' then redis.call('HDEL', KEYS[2], field) end
          elseif field ~= '' then
            local kept = redis.call('HGET', KEYS[2], field)
            if kept then changed = changed + redis.call('HSETNX', KEYS[1], channel, kept) end
          end
        end
        return changed
        """;

    // KEYS: the participant's hash, the addresses hash. ARGV: pairs of (channel, address field). Each channel opted out
    // keeps its address, then the participant's own hash goes (it names them).
    private const string EraseScript = """
        for k = 1, #ARGV, 2 do
          local kept = redis.call('HGET', KEYS[1], ARGV[k])
          if kept then redis.call('HSETNX', KEYS[2], ARGV[k + 1], kept) end
        end
        return redis.call('DEL', KEYS[1])
        """;

    public RedisKey KeyOf(string participantId) => keys.Key(KeyPrefix + participantId);

    private RedisKey AddressesKey => keys.Key(AddressesKeySuffix);

    /// <summary>The address's field in <c>opted-out-addresses</c>: the channel and the address's hash, never the address.</summary>
    public string AddressField(string channel, string address) => $"{channel}|{addresses.HashOf(address)}";

    /// <returns>True when the channel was not opted out before.</returns>
    /// <param name="channelAddresses">The participant's addresses on that channel (the one that texted STOP, the directory's).</param>
    public async Task<bool> OptOutAsync(string participantId, string channel, string reason, DateTimeOffset at, IEnumerable<string?> channelAddresses)
    {
        var value = JsonSerializer.Serialize(new OptOut(channel, reason, at), Json);
        RedisValue[] args = [channel, value, .. Fields(channel, channelAddresses)];
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(OptOutScript, [KeyOf(participantId), AddressesKey], args) == 1;
    }

    /// <returns>True when the channel was opted out.</returns>
    public async Task<bool> OptInAsync(string participantId, string channel, IEnumerable<string?> channelAddresses)
    {
        RedisValue[] args = [channel, .. Fields(channel, channelAddresses)];
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(OptInScript, [KeyOf(participantId), AddressesKey], args) == 1;
    }

    /// <summary>
    /// After a participant was stored: each channel the platform sent <c>true</c> is opted in again (with its address); an
    /// address that opted out before, under this id or another (an erased participant's), opts this participant out.
    /// </summary>
    public async Task ReconcileAsync(string participantId, string? email, string? phone, ChannelPreferences? preferences)
    {
        var args = new List<RedisValue>
        {
            Channels.Email, email is null ? "" : AddressField(Channels.Email, email),
            Channels.Sms, phone is null ? "" : AddressField(Channels.Sms, phone),
            Channels.Push, "",
            "|",
        };
        if (preferences?.Email == true) args.Add(Channels.Email);
        if (preferences?.Sms == true) args.Add(Channels.Sms);
        if (preferences?.Push == true) args.Add(Channels.Push);
        await redis.GetDatabase().ScriptEvaluateAsync(ReconcileScript, [KeyOf(participantId), AddressesKey], [.. args]);
    }

    /// <summary>Erasing a participant: each opt-out is kept against its address's hash, then the participant's own record goes.</summary>
    public async Task<bool> EraseAsync(string participantId, string? email, string? phone)
    {
        var args = new List<RedisValue>();
        if (email is not null) args.AddRange([Channels.Email, AddressField(Channels.Email, email)]);
        if (phone is not null) args.AddRange([Channels.Sms, AddressField(Channels.Sms, phone)]);
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(EraseScript, [KeyOf(participantId), AddressesKey], [.. args]) == 1;
    }

    public async Task<IReadOnlyList<OptOut>> OfParticipantAsync(string participantId)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(KeyOf(participantId));
        return [.. entries.Select(entry => Parse(entry.Name!, entry.Value)).OrderBy(optOut => optOut.Channel, StringComparer.Ordinal)];
    }

    /// <summary>Whether an address (email or phone) opted out of <paramref name="channel"/>, whoever holds it now.</summary>
    public async Task<OptOut?> OfAddressAsync(string channel, string address) =>
        await redis.GetDatabase().HashGetAsync(AddressesKey, AddressField(channel, address)) is { HasValue: true } value ? Parse(channel, value) : null;

    private IEnumerable<RedisValue> Fields(string channel, IEnumerable<string?> channelAddresses) =>
        channelAddresses.Where(address => !string.IsNullOrWhiteSpace(address)).Select(address => (RedisValue)AddressField(channel, address!)).Distinct();

    private static OptOut Parse(string channel, RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize<OptOut>((string)value!, Json) ?? new OptOut(channel, "unknown", DateTimeOffset.MinValue);
        }
        catch (JsonException)
        {
            // A damaged entry still opts the channel out (the routing snapshot reads only its presence).
            return new OptOut(channel, "unknown", DateTimeOffset.MinValue);
        }
    }
}
