using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Email.Digest;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.DeliveryLog;
using Notifications.SharedState.Erasure;
using Notifications.SmsSender.Webhooks;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.Erasure;

/// <summary>
/// A participant with something in every family an erase must clear, built through the running pipeline where it
/// can be (directory, presence, transcript, a real notification in the delivery log) and written as the senders
/// write it where that needs a provider's callback (SMS reply thread, pending digest).
/// </summary>
public sealed class ErasePipeline(PipelineFixture pipeline)
{
    public RedisKeys Keys { get; } = new(Options.Create(new RedisOptions { KeyPrefix = pipeline.KeyPrefix }));

    public IDatabase Db => pipeline.Redis.GetDatabase();

    public DeliveryLogStore DeliveryLog => new(pipeline.Redis, Keys, Options.Create(new DeliveryLogOptions()));

    /// <summary>Hashed as the services hash (the pipeline sets no <c>Erasure:AddressHashKey</c>).</summary>
    public ErasedAddresses ErasedAddresses => new(pipeline.Redis, Keys, Options.Create(new ErasureOptions()));

    public sealed record SeededUser(string Id, string Name, string Email, string Phone, string Conversation);

    /// <summary>
    /// A new offline user who writes in a conversation, is answered by an agent (and so emailed: a delivery-log
    /// entry naming them), was texted (a reply thread on their number) and has a digest waiting.
    /// </summary>
    public async Task<SeededUser> SeedUserAsync(string agentId)
    {
        var id = $"erase-user-{Guid.NewGuid():N}"[..24];
        var user = new SeededUser(id, "Grace " + id[^6..], $"{id}@Customer.test", "+1 (555) 010-" + Random.Shared.Next(1000, 9999), "");
        await pipeline.Platform.Publish(new ParticipantUpserted
        {
            ParticipantId = id, Role = ParticipantRoles.User, Name = user.Name, Email = user.Email, Phone = user.Phone,
        });
        await pipeline.WaitForParticipantsAsync(id);
        await pipeline.StartOfflineSessionAsync(id);

        var conversation = new ConversationInfo { UserId = id, LastAgentId = agentId };
        var question = HelpDesk.Message(id, ParticipantRoles.User, conversation, first: true) with { Sender = new MessageSender { Id = id, Role = ParticipantRoles.User, Name = user.Name } };
        await pipeline.Platform.Publish(question);
        await WaitForTranscriptAsync(question.ConversationId, question.MessageId);
        var reply = HelpDesk.Message(agentId, ParticipantRoles.Agent, conversation, first: false) with { ConversationId = question.ConversationId };
        await pipeline.Platform.Publish(reply);
        await WaitForOutcomeAsync(id, reply.MessageId);

        var e164 = "+1555010" + user.Phone[^4..];
        await new RedisSmsThreadStore(pipeline.Redis, Keys).RememberAsync(e164, "SM" + Guid.NewGuid().ToString("N"),
            new SmsThread("n-1", id, question.ConversationId, reply.MessageId));
        var entryId = DigestStore.EntryIdOf(id, question.ConversationId);
        await Db.HashSetAsync(Keys.Key("digest:entry:" + entryId), "recipient", $$"""{"id":"{{id}}","email":"{{user.Email}}"}""");
        await Db.SortedSetAddAsync(Keys.Key("digest:pending"), entryId, 1);
        await Db.StringSetAsync(Keys.Key("digest:last:" + entryId), "1");
        return user with { Phone = e164, Conversation = question.ConversationId };
    }

    /// <summary>
    /// Waits for the recipient's outcome of a message, then a little longer for its other channels: an outcome logged
    /// after an erase names the participant again (docs/security.md says so).
    /// </summary>
    public async Task WaitForOutcomeAsync(string recipientId, string messageId)
    {
        await Eventually.TrueAsync(async () => (await DeliveryLog.ReadAsync(null, recipientId)).Any(entry => entry.MessageId == messageId),
            $"the outcome of {messageId} for {recipientId} in the delivery log");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
    }

    public async Task WaitForTranscriptAsync(string conversationId, string messageId) =>
        await Eventually.TrueAsync(async () => (await Db.SortedSetRangeByRankAsync(Keys.Key($"transcript:{conversationId}")))
            .Any(value => ((string)value!).Contains(messageId)), $"{messageId} in the transcript");

    /// <summary>Every key under the pipeline's prefix whose name or value mentions <paramref name="text"/>.</summary>
    public async Task<List<string>> KeysMentioningAsync(string text)
    {
        var found = new List<string>();
        var server = pipeline.Redis.GetServers()[0];
        await foreach (var key in server.KeysAsync(pattern: pipeline.KeyPrefix + "*", pageSize: 1000))
        {
            var name = (string)key!;
            if (name.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(name);
                continue;
            }
            var dump = await Db.KeyTypeAsync(key) switch
            {
                RedisType.String => (string?)await Db.StringGetAsync(key) ?? "",
                RedisType.Hash => string.Join(" ", (await Db.HashGetAllAsync(key)).Select(e => $"{e.Name} {e.Value}")),
                RedisType.Set => string.Join(" ", await Db.SetMembersAsync(key)),
                RedisType.SortedSet => string.Join(" ", await Db.SortedSetRangeByRankAsync(key)),
                RedisType.List => string.Join(" ", await Db.ListRangeAsync(key)),
                RedisType.Stream => string.Join(" ", (await Db.StreamRangeAsync(key)).SelectMany(e => e.Values).Select(v => $"{v.Name} {v.Value}")),
                _ => "",
            };
            if (dump.Contains(text, StringComparison.OrdinalIgnoreCase))
                found.Add(name);
        }
        return found;
    }
}
