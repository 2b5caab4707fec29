using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.SharedState.AddressMarks;
using Notifications.SharedState.ChannelSwitches;
using Notifications.SharedState.OptOuts;
using Notifications.SharedState.Presence;
using Notifications.SharedState.ProviderSettings;
using StackExchange.Redis;

namespace Notifications.Router.Routing;

/// <summary>
/// Reads everything one routing decision needs in a single Redis round trip (one Lua script): the department's
/// agents, all agents when row A3 may apply, the bot's recorded outcome, the channels switched at run time, the push
/// sender's reach, and each candidate's directory entry (with their preferences), presence, opt-outs, bad-address marks and (when the
/// entry is gone) whether they were a removed agent. A department of any size costs one round trip, and so does a channel switched off by an operator:
/// no per-message read of its own. A message that falls back to A3 unexpectedly (its agent is not one, its department
/// is empty) is read a second time with every agent.
/// </summary>
/// <remarks>The script builds key names from the prefix (the layout of <see cref="RouterKeys"/>), so it
/// needs a single Redis node or a cluster with the whole prefix in one hash slot.</remarks>
public sealed class RoutingSnapshotLoader(IConnectionMultiplexer redis, RouterKeys keys, TimeProvider clock,
    IOptions<ChannelSwitchOptions> channels, IOptions<PresenceOptions> presence, AddressMarkStore addressMarks)
{
    // ARGV: prefix, now (unix ms), department id or '', '1' to load all agents, message id, the online event's maximum
    // age (ms, 0 for none), then named participant ids. Per participant: id, entry or '', online, removed agent, the
    // number of channels opted out and those channels, then the address marks (count, then channel, address hash, ...).
    // Online is decided by the presence family's own rule (PresenceKeys.IsOnlineLua), which the email sender runs too.
    private const string LoadScript = PresenceKeys.IsOnlineLua + $$"""

        local prefix = ARGV[1]
        local now = tonumber(ARGV[2])
        local result = {}
        local ids, seen = {}, {}
        local function add(id) if id ~= '' and not seen[id] then seen[id] = true; ids[#ids + 1] = id end end
        local function list(members)
          result[#result + 1] = #members
          for _, member in ipairs(members) do result[#result + 1] = member end
        end
        local function agents(members) list(members); for _, id in ipairs(members) do add(id) end end
        if ARGV[3] ~= '' then agents(redis.call('SMEMBERS', prefix .. 'department:' .. ARGV[3] .. ':agents')) else agents({}) end
        if ARGV[4] == '1' then agents(redis.call('SMEMBERS', prefix .. 'agents')) else agents({}) end
        result[#result + 1] = redis.call('GET', prefix .. 'bot-outcome:' .. ARGV[5]) or ''
        local switches = redis.call('HGETALL', prefix .. '{{ChannelSwitchStore.KeySuffix}}')
        result[#result + 1] = #switches
        for _, value in ipairs(switches) do result[#result + 1] = value end
        result[#result + 1] = redis.call('GET', prefix .. '{{PushReachStore.KeySuffix}}') or ''
        for i = 7, #ARGV do add(ARGV[i]) end
        for _, id in ipairs(ids) do
          local online, removed = 0, 0
          if is_online(prefix, id, now, ARGV[6]) then online = 1 end
          local entry = redis.call('GET', prefix .. 'participant:' .. id) or ''
          if entry == '' then removed = redis.call('SISMEMBER', prefix .. '{{RouterKeys.RemovedAgentsSuffix}}', id) end
          result[#result + 1] = id
          result[#result + 1] = entry
          result[#result + 1] = online
          result[#result + 1] = removed
          if entry ~= '' then list(redis.call('HKEYS', prefix .. '{{OptOutStore.KeyPrefix}}' .. id)) else list({}) end
          if entry ~= '' then list(redis.call('HGETALL', prefix .. '{{AddressMarkStore.KeyPrefix}}' .. id)) else list({}) end
        end
        return result
        """;

    /// <param name="everyAgent">Read every agent, whatever the message: the rules asked for them (a fallback to A3).</param>
    /// <param name="escalationTier">Row E1's agents: read as candidates beside those the message names.</param>
    public async Task<RoutingSnapshot> LoadAsync(MessagePosted message, ElapsedWaits? waited = null, bool everyAgent = false, IReadOnlyList<string>? escalationTier = null)
    {
        var conversation = message.Conversation;
        // Row A3 (every agent) normally applies only to a user's public message with neither department nor assigned
        // agent; the other fallbacks to it are rare and read the snapshot again (everyAgent).
        var loadAllAgents = everyAgent || (message.Sender.Role == ParticipantRoles.User && !NotificationRules.IsInternalNote(message)
            && conversation.DepartmentId is null && conversation.AssignedAgentId is null
            && (message.IsFirstMessage || conversation.LastAgentId is null));

        var mentions = message.Mentions ?? [];
        var args = new List<RedisValue>(11 + mentions.Count)
        {
            keys.Prefix,
            clock.GetUtcNow().ToUnixTimeMilliseconds(),
            conversation.DepartmentId ?? "",
            loadAllAgents ? "1" : "0",
            message.MessageId,
            presence.Value.EventOnlineMaxAgeMilliseconds,
            conversation.UserId,
            conversation.AssignedAgentId ?? "",
            conversation.LastAgentId ?? "",
            message.Sender.Id,
        };
        args.AddRange(mentions.Select(id => (RedisValue)id));
        args.AddRange((escalationTier ?? []).Select(id => (RedisValue)id));
        var raw = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(LoadScript, values: [.. args]))!;

        var position = 0;
        var departmentAgents = ReadList(raw, ref position);
        var allAgents = ReadList(raw, ref position);
        var botOutcome = (string?)raw[position++];
        var switches = ReadPairs(raw, ref position);
        var pushReach = PushReach.Parse((string?)raw[position++]);

        var participants = new Dictionary<string, Candidate>();
        var removedAgents = new HashSet<string>();
        while (position < raw.Length)
        {
            var id = (string)raw[position++]!;
            // Parsed from the reply's UTF-8 bytes: read as a string first, each entry was decoded to UTF-16 and the
            // parser encoded it back (the second most costly frame of the router's own after the broker's, per candidate).
            var json = (byte[]?)raw[position++];
            var online = (int)raw[position++] == 1;
            var removed = (int)raw[position++] == 1;
            var optedOut = ReadList(raw, ref position);
            var marks = ReadPairs(raw, ref position);
            if (json is { Length: > 0 })
            {
                var participant = JsonSerializer.Deserialize<ParticipantRecord>(json, ParticipantDirectory.Json)!;
                participants[id] = new Candidate(participant, online)
                {
                    OptedOut = optedOut.Length == 0 ? new HashSet<string>() : optedOut.ToHashSet(),
                    BouncedAddresses = BouncedAddresses(participant, marks),
                };
            }
            else if (removed)
                removedAgents.Add(id);
        }

        return new RoutingSnapshot
        {
            Message = message,
            Participants = participants,
            DepartmentAgentIds = departmentAgents,
            AllAgentIds = allAgents,
            AllAgentsLoaded = loadAllAgents,
            RemovedAgentIds = removedAgents,
            PushReach = pushReach,
            BotResolved = botOutcome switch { "resolved" => true, "unresolved" => false, _ => null },
            Waited = waited ?? ElapsedWaits.None,
            EscalationAgentIds = escalationTier ?? [],
            DisabledChannels = ChannelStates.Disabled(channels.Value, switches),
        };
    }

    /// <summary>
    /// The channels whose current address is the one marked: a participant the platform gave another address is no longer
    /// marked, without any write (the mark is about the address, kept as its hash).
    /// </summary>
    private IReadOnlySet<string> BouncedAddresses(ParticipantRecord participant, IReadOnlyDictionary<string, string> marks)
    {
        if (marks.Count == 0)
            return NoChannels;
        var bounced = new HashSet<string>();
        foreach (var (channel, hash) in marks)
        {
            var current = channel switch { Channels.Email => participant.Email, Channels.Sms => participant.Phone, _ => null };
            if (current is not null && addressMarks.HashOf(current) == hash)
                bounced.Add(channel);
        }
        return bounced;
    }

    private static readonly IReadOnlySet<string> NoChannels = new HashSet<string>();

    /// <summary>An HGETALL reply (count, then field, value, ...); almost always empty, so shared when it is.</summary>
    private static IReadOnlyDictionary<string, string> ReadPairs(RedisResult[] raw, ref int position)
    {
        var count = (int)raw[position++];
        if (count == 0)
            return NoPairs;
        var pairs = new Dictionary<string, string>(count / 2);
        for (var i = 0; i < count; i += 2)
            pairs[(string)raw[position + i]!] = (string)raw[position + i + 1]!;
        position += count;
        return pairs;
    }

    private static readonly IReadOnlyDictionary<string, string> NoPairs = new Dictionary<string, string>();

    private static string[] ReadList(RedisResult[] raw, ref int position)
    {
        var count = (int)raw[position++];
        var items = new string[count];
        for (var i = 0; i < count; i++)
            items[i] = (string)raw[position++]!;
        return items;
    }
}
