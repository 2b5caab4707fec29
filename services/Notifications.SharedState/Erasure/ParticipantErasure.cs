using System.Text.Json;
using Notifications.Contracts;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.OptOuts;
using StackExchange.Redis;

namespace Notifications.SharedState.Erasure;

/// <summary>What one erase found and removed: counts only, never what the data was.</summary>
/// <param name="Known">Anything was held about the participant; false when there was nothing (left to erase).</param>
public sealed record ErasureReport(bool Known, int KeysDeleted, int AddressesKept, int TranscriptsDeleted, int TranscriptEntriesRemoved, int DeliveryLogEntriesRedacted);

/// <summary>
/// Erases what Redis holds about one participant (docs/security.md, "Erasing a participant"): the directory entry
/// and its place in the agent and department sets, presence, offline sessions, their transcripts, pending digests,
/// SMS reply threads, their notifications' ledger keys, their opt-outs' record and their id in the delivery log. Only the
/// hashes of their addresses (<see cref="ErasedAddresses"/>; each opt-out kept against its address's hash in
/// <see cref="OptOutStore"/>, so it still holds when they are created again) and, for an agent, the id in
/// <c>agents:removed</c> are kept.
/// Safe to run twice and alongside traffic: every step deletes what is there, and a second run finds nothing.
/// </summary>
public sealed class ParticipantErasure(IConnectionMultiplexer redis, RedisKeys keys, ErasedAddresses erasedAddresses, OptOutStore optOuts)
{
    /// <summary>Without an opt-out store of its own (tests of the erasure alone): one over the same Redis and hashes.</summary>
    public ParticipantErasure(IConnectionMultiplexer redis, RedisKeys keys, ErasedAddresses erasedAddresses)
        : this(redis, keys, erasedAddresses, new OptOutStore(redis, keys, erasedAddresses))
    {
    }

    /// <summary>What replaces the participant's id in the delivery log.</summary>
    public const string ErasedRecipient = "erased";

    /// <summary>How long a removal that carried <c>at</c> is remembered against older upserts (as a plain removal).</summary>
    public static readonly TimeSpan RemovalMemory = TimeSpan.FromDays(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const int MaxAttempts = 5;

    /// <param name="at">The removal's time, when the platform sent one: an older upsert consumed later is ignored.</param>
    public async Task<ErasureReport> EraseAsync(string participantId, DateTimeOffset? at = null)
    {
        var db = redis.GetDatabase();
        var smsThreads = await SmsThreadsOfAsync(participantId);
        var digests = await DigestKeysOfAsync(participantId);
        var ledgers = await LedgersOfAsync(participantId);

        // The entry names the addresses to keep a hash of; read it, then erase it only if it is still that entry (a
        // concurrent upsert would otherwise leave its addresses unhashed).
        RedisResult[] directory;
        string? role;
        int addresses;
        var attempts = 0;
        do
        {
            // Upserts of the same participant arriving without end: fail, and the broker's retry tries again later.
            if (++attempts > MaxAttempts)
                throw new InvalidOperationException($"The directory entry changed during each of {MaxAttempts} erase attempts.");
            var stored = (string?)await db.StringGetAsync(keys.Key($"participant:{participantId}"));
            var entry = stored is null ? null : JsonSerializer.Deserialize<StoredParticipant>(stored, Json);
            role = entry?.Role;
            // Before the entry goes: each opt-out is kept against the hash of the address it stopped.
            await optOuts.EraseAsync(participantId, entry?.Email, entry?.Phone);
            var hashes = new[] { entry?.Email, entry?.Phone }.Concat(smsThreads.Numbers)
                .Where(address => !string.IsNullOrWhiteSpace(address))
                .Select(address => erasedAddresses.HashOf(address!)).Distinct().ToArray();
            addresses = hashes.Length;
            directory = (RedisResult[])(await db.ScriptEvaluateAsync(ErasureScripts.Directory, values:
            [
                keys.Prefix, participantId, stored ?? "", at is { } time ? time.ToUnixTimeMilliseconds() : "",
                (long)RemovalMemory.TotalMilliseconds, .. hashes.Select(hash => (RedisValue)hash),
            ]))!;
        }
        while ((int)directory[0] == -1);

        var deleted = (int)directory[1];
        RedisKey[] others = [.. smsThreads.Keys, .. digests.Keys, .. ledgers];
        if (others.Length > 0)
            deleted += (int)await db.KeyDeleteAsync(others);
        foreach (var entryId in digests.EntryIds)
        {
            await db.SortedSetRemoveAsync(keys.Key("digest:pending"), entryId);
            await db.SortedSetRemoveAsync(keys.Key("digest:processing"), entryId);
        }

        var log = (RedisResult[])(await db.ScriptEvaluateAsync(ErasureScripts.DeliveryLog,
            [keys.Key("delivery-log"), keys.Key($"delivery-log:erasing:{Guid.NewGuid():N}")], [participantId, ErasedRecipient, NotificationIdPart(participantId)]))!;
        var redacted = (int)log[0];

        var (transcriptsDeleted, entriesRemoved) = await EraseTranscriptsAsync(participantId, role,
            [.. log.Skip(1).Select(conversation => (string)conversation!), .. digests.Conversations]);

        var known = (int)directory[0] == 1 || deleted > 0 || redacted > 0 || transcriptsDeleted > 0 || entriesRemoved > 0;
        return new ErasureReport(known, deleted, addresses, transcriptsDeleted, entriesRemoved, redacted);
    }

    /// <param name="conversations">Conversations the participant was notified about: a user's own, whose transcript
    /// may no longer hold a message of theirs (the transcript keeps the latest 200) but still talks about them.</param>
    private async Task<(int Deleted, int EntriesRemoved)> EraseTranscriptsAsync(string participantId, string? role, IEnumerable<string> conversations)
    {
        var db = redis.GetDatabase();
        int deleted = 0, removed = 0;
        if (role == ParticipantRoles.User)
            foreach (var conversation in conversations.Distinct())
                deleted += await db.KeyDeleteAsync(keys.Key($"transcript:{conversation}")) ? 1 : 0;
        await foreach (var transcript in KeysAsync("transcript:*"))
        {
            var outcome = (RedisResult[])(await db.ScriptEvaluateAsync(ErasureScripts.Transcript, [transcript], [participantId]))!;
            deleted += (int)outcome[0];
            removed += (int)outcome[0] == 1 ? 0 : (int)outcome[1];
        }
        return (deleted, removed);
    }

    /// <summary>The SMS sender's <c>sms-thread:{number}</c> and <c>sms-sid:{sid}</c> keys that map to the participant.</summary>
    private async Task<(List<RedisKey> Keys, List<string> Numbers)> SmsThreadsOfAsync(string participantId)
    {
        var db = redis.GetDatabase();
        var found = new List<RedisKey>();
        var numbers = new List<string>();
        foreach (var family in new[] { "sms-thread:", "sms-sid:" })
            await foreach (var key in KeysAsync(family + "*"))
            {
                var value = (string?)await db.StringGetAsync(key);
                if (value is null || !NamesRecipient(value, participantId))
                    continue;
                found.Add(key);
                if (family == "sms-thread:")
                    numbers.Add(((string)key!)[(keys.Prefix.Length + family.Length)..]);
            }
        return (found, numbers);
    }

    /// <summary>The email sender's digest keys of the participant: <c>digest:{entry,last,sent}:{recipientId}|{conversationId}</c>, URI-escaped.</summary>
    private async Task<(List<RedisKey> Keys, List<string> EntryIds, List<string> Conversations)> DigestKeysOfAsync(string participantId)
    {
        // Escaped, the id holds no glob characters, and the '|' ends it: another id that starts with it does not match.
        var entryPrefix = Uri.EscapeDataString(participantId) + "|";
        var found = new List<RedisKey>();
        var entryIds = new HashSet<string>();
        foreach (var family in new[] { "digest:entry:", "digest:last:", "digest:sent:" })
            await foreach (var key in KeysAsync(family + entryPrefix + "*"))
            {
                found.Add(key);
                entryIds.Add(((string)key!)[(keys.Prefix.Length + family.Length)..]);
            }
        var conversations = entryIds.Select(entryId => Uri.UnescapeDataString(entryId[entryPrefix.Length..])).ToList();
        return (found, [.. entryIds], conversations);
    }

    /// <summary>
    /// The senders' <c>ledger:{notificationId}</c> keys of the participant's notifications: their names hold the id.
    /// Deleting one lets a send of that notification still in flight go again; a finished one is only a guard
    /// against redelivery, and what it would guard has just been erased.
    /// </summary>
    private async Task<List<RedisKey>> LedgersOfAsync(string participantId)
    {
        var found = new List<RedisKey>();
        await foreach (var key in KeysAsync("ledger:*:" + GlobEscape(NotificationIdPart(participantId)) + ":*"))
            found.Add(key);
        return found;
    }

    /// <summary>The participant's id as the router escapes it inside a notification id (<c>NotificationIds</c>).</summary>
    private static string NotificationIdPart(string participantId) =>
        participantId.AsSpan().IndexOfAny('%', ':') < 0 ? participantId : participantId.Replace("%", "%25").Replace(":", "%3A");

    private static bool NamesRecipient(string json, string participantId)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("recipientId", out var recipient) && recipient.ValueKind == JsonValueKind.String
                && recipient.GetString() == participantId;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Every key under the prefix matching <paramref name="pattern"/>, on every primary (SCAN, never KEYS).</summary>
    private async IAsyncEnumerable<RedisKey> KeysAsync(string pattern)
    {
        var database = redis.GetDatabase().Database;
        foreach (var server in redis.GetServers().Where(server => server.IsConnected && !server.IsReplica))
            await foreach (var key in server.KeysAsync(database, GlobEscape(keys.Prefix) + pattern, pageSize: 1000))
                yield return key;
    }

    private static string GlobEscape(string text) =>
        string.Concat(text.Select(c => c is '*' or '?' or '[' or ']' or '\\' ? "\\" + c : c.ToString()));

    private sealed record StoredParticipant(string? Role, string? Email, string? Phone);
}
