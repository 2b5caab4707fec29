using Notifications.Contracts;

namespace Notifications.SharedState.Erasure;

/// <summary>
/// The Lua scripts of <see cref="ParticipantErasure"/>. Each is atomic where a half-done erase would be seen: the
/// directory and presence of one participant together, one transcript at a time, the delivery log in one rewrite.
/// The key names are the layouts of <c>RouterKeys</c>, <c>PresenceKeys</c>, <c>TranscriptKeys</c> and
/// <c>DeliveryLogStore</c>, built from the prefix like the router's own scripts (one node, or the prefix in one slot).
/// </summary>
internal static class ErasureScripts
{
    // ARGV: prefix, id, the entry read before (or ''), the removal's time (unix ms or ''), how long to remember it (ms),
    // then the address hashes to keep. Returns {-1, 0} when the entry changed since it was read (read it again);
    // otherwise {1 if there was an entry, keys deleted}.
    public const string Directory = $$"""
        local prefix, id, expected, at, memory = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
        local entryKey = prefix .. 'participant:' .. id
        local stored = redis.call('GET', entryKey)
        if (stored or '') ~= expected then return {-1, 0} end
        if stored then
          local entry = cjson.decode(stored)
          if type(entry.departmentIds) == 'table' then
            for _, department in ipairs(entry.departmentIds) do
              redis.call('SREM', prefix .. 'department:' .. department .. ':agents', id)
            end
          end
          -- Only the id is kept, so a conversation that still names the agent is routed on at once.
          if entry.role == '{{ParticipantRoles.Agent}}' then redis.call('SADD', prefix .. 'agents:removed', id) end
        end
        redis.call('SREM', prefix .. 'agents', id)
        local presence = prefix .. 'presence:' .. id
        local session = prefix .. 'offline-session:' .. id .. ':'
        local deleted = redis.call('DEL', entryKey, presence, presence .. ':devices', presence .. ':last-seen', presence .. ':last-online',
          session .. '{{Channels.Email}}', session .. '{{Channels.Sms}}', session .. '{{Channels.Push}}', session .. '{{Channels.Realtime}}',
          prefix .. '{{AddressMarks.AddressMarkStore.KeyPrefix}}' .. id)
        local atKey = prefix .. 'participant-at:' .. id
        if at ~= '' then
          local latest = math.max(tonumber(at), tonumber(redis.call('GET', atKey) or '-1'))
          redis.call('SET', atKey, latest, 'PX', memory)
        else
          -- Kept, never for more than a day: without it an older upsert consumed later would bring the entry back.
          redis.call('PEXPIRE', atKey, memory)
        end
        for i = 6, #ARGV do redis.call('SADD', prefix .. '{{ErasedAddresses.KeySuffix}}', ARGV[i]) end
        return {stored and 1 or 0, deleted}
        """;

    // KEYS: a transcript. ARGV: the id. A conversation the participant wrote in as its user is about them, agents'
    // replies included (they quote names, orders, addresses): the whole transcript goes. In anyone else's
    // conversation (an agent's replies) only their own entries go. Returns {1 if deleted, entries removed}.
    public const string Transcript = $$"""
        local entries = redis.call('ZRANGE', KEYS[1], 0, -1)
        local theirs = {}
        local asUser = false
        for _, value in ipairs(entries) do
          local ok, entry = pcall(cjson.decode, value)
          if ok and type(entry) == 'table' and entry.senderId == ARGV[1] then
            table.insert(theirs, value)
            if entry.senderRole == '{{ParticipantRoles.User}}' then asUser = true end
          end
        end
        if asUser then
          redis.call('DEL', KEYS[1])
          return {1, #entries}
        end
        for i = 1, #theirs, 100 do redis.call('ZREM', KEYS[1], unpack(theirs, i, math.min(i + 99, #theirs))) end
        return {0, #theirs}
        """;

    // KEYS: the delivery log, a scratch key. ARGV: the id, what replaces it, the id as a notification id escapes it
    // (a notification id is {message}:{recipient}:{channel}, so it names the recipient too, and so does a fallback's fallback-of and a quiet-hours summary id). A stream entry cannot be changed in
    // place, and a redacted copy added now would be out of order, so the log is copied with the same ids, the
    // recipient replaced, and renamed over the original: O(entries), bounded by Console:DeliveryLogMaxEntries.
    // Returns {entries redacted, then each conversation they were about, once}.
    public const string DeliveryLog = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
        redis.call('DEL', KEYS[2])
        local redacted, conversations, seen = 0, {}, {}
        local start = '-'
        while true do
          local page = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', 500)
          for _, item in ipairs(page) do
            local fields = item[2]
            local conversation = nil
            local theirs = false
            for i = 1, #fields, 2 do
              if fields[i] == 'recipient' and fields[i + 1] == ARGV[1] then fields[i + 1] = ARGV[2]; theirs = true end
              if fields[i] == 'conversation' then conversation = fields[i + 1] end
            end
            if theirs then
              for i = 1, #fields, 2 do
                if fields[i] == 'notification' or fields[i] == 'fallback-of' or fields[i] == 'summary' then
                  local from, to = string.find(fields[i + 1], ':' .. ARGV[3] .. ':', 1, true)
                  if from then fields[i + 1] = string.sub(fields[i + 1], 1, from) .. ARGV[2] .. string.sub(fields[i + 1], to) end
                end
              end
              redacted = redacted + 1
              if conversation and not seen[conversation] then seen[conversation] = true; table.insert(conversations, conversation) end
            end
            redis.call('XADD', KEYS[2], item[1], unpack(fields))
          end
          if #page < 500 then break end
          start = '(' .. page[#page][1]
        end
        if redacted == 0 then
          redis.call('DEL', KEYS[2])
        else
          redis.call('RENAME', KEYS[2], KEYS[1])
        end
        table.insert(conversations, 1, redacted)
        return conversations
        """;
}
