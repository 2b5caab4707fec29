using System.Text.Json;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.Erasure;
using StackExchange.Redis;

namespace Notifications.SharedState.AddressMarks;

/// <summary>What is kept of a bad address: the bounce kind (hard, complaint) and when it was reported. Never the address.</summary>
public sealed record AddressMark(string Channel, string Bounce, DateTimeOffset At);

/// <summary>
/// Addresses marked bad because a notification to them hard-bounced or was reported as spam (<c>NotificationFailed.bounce</c>),
/// written by the router and read by its routing snapshot, which suppresses them as <c>address-bounced</c>:
/// <list type="bullet">
/// <item><c>address-marks:{participantId}</c> hash: channel → the hash of the address that bounced. The snapshot script
/// reads it, and the router compares it with the hash of the participant's current address: a participant the platform
/// gave another address is not marked any more, the same address given again still is (a bounce is about the address).</item>
/// <item><c>bounced-addresses</c> hash: <c>{channel}|{address hash}</c> → the <see cref="AddressMark"/>, whoever holds the
/// address: a participant erased and created again with it (or another participant given it) is marked again.</item>
/// </list>
/// The hash is the erasure's (<see cref="ErasedAddresses.HashOf"/>, keyed by <c>Erasure:AddressHashKey</c>), so no address
/// is stored in clear and an erasure (which deletes the per-participant hash) leaves nothing readable. Marks do not
/// expire: a mailbox that does not exist or a recipient who reported spam does not come back by waiting, and mailing
/// them again costs the sending domain its reputation. The platform ends a mark by giving the participant another address.
/// </summary>
public sealed class AddressMarkStore(IConnectionMultiplexer redis, RedisKeys keys, ErasedAddresses addresses)
{
    /// <summary>The per-participant hash's name after the prefix, before the id; the routing snapshot and erasure scripts build it too.</summary>
    public const string KeyPrefix = "address-marks:";

    public const string AddressesKeySuffix = "bounced-addresses";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // KEYS: the participant's hash, the addresses hash. ARGV: channel, address hash, address field, the mark (JSON).
    // The first mark of an address is kept (HSETNX): a repeated bounce changes nothing. Returns 1 when newly marked.
    private const string MarkScript = """
        local previous = redis.call('HGET', KEYS[1], ARGV[1])
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('HSETNX', KEYS[2], ARGV[3], ARGV[4])
        if previous == ARGV[2] then return 0 end
        return 1
        """;

    // KEYS: the participant's hash, the addresses hash. ARGV: pairs of (channel, address hash, address field) for the
    // participant's current addresses. An address marked under anyone becomes this participant's mark.
    private const string ReconcileScript = """
        local marked = 0
        for k = 1, #ARGV, 3 do
          if redis.call('HEXISTS', KEYS[2], ARGV[k + 2]) == 1 then
            redis.call('HSET', KEYS[1], ARGV[k], ARGV[k + 1])
            marked = marked + 1
          end
        end
        return marked
        """;

    public RedisKey KeyOf(string participantId) => keys.Key(KeyPrefix + participantId);

    private RedisKey AddressesKey => keys.Key(AddressesKeySuffix);

    public string HashOf(string address) => addresses.HashOf(address);

    private string AddressField(string channel, string address) => $"{channel}|{addresses.HashOf(address)}";

    /// <returns>True when the participant's address on the channel was not marked before.</returns>
    public async Task<bool> MarkAsync(string participantId, string channel, string address, string bounce, DateTimeOffset at)
    {
        var mark = JsonSerializer.Serialize(new AddressMark(channel, bounce, at), Json);
        RedisValue[] args = [channel, HashOf(address), AddressField(channel, address), mark];
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(MarkScript, [KeyOf(participantId), AddressesKey], args) == 1;
    }

    /// <summary>After a participant was stored: an address marked before (under this id or another) marks them too.</summary>
    public async Task ReconcileAsync(string participantId, params (string Channel, string? Address)[] current)
    {
        var args = current.Where(each => !string.IsNullOrWhiteSpace(each.Address))
            .SelectMany(each => new RedisValue[] { each.Channel, HashOf(each.Address!), AddressField(each.Channel, each.Address!) })
            .ToArray();
        if (args.Length > 0)
            await redis.GetDatabase().ScriptEvaluateAsync(ReconcileScript, [KeyOf(participantId), AddressesKey], args);
    }

    /// <summary>The channels whose given current address is the one marked for the participant (what the routing snapshot reads in its script).</summary>
    public async Task<IReadOnlySet<string>> BouncedChannelsAsync(string participantId, params (string Channel, string? Address)[] current)
    {
        var marks = await redis.GetDatabase().HashGetAllAsync(KeyOf(participantId));
        return current.Where(each => each.Address is not null
                && marks.Any(mark => mark.Name == each.Channel && mark.Value == HashOf(each.Address)))
            .Select(each => each.Channel).ToHashSet();
    }

    /// <summary>Whether an address is marked bad on the channel, whoever holds it now (for the console and tests).</summary>
    public async Task<AddressMark?> OfAddressAsync(string channel, string address) =>
        await redis.GetDatabase().HashGetAsync(AddressesKey, AddressField(channel, address)) is { HasValue: true } value
            ? JsonSerializer.Deserialize<AddressMark>((string)value!, Json) : null;
}
