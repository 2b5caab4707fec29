using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.SharedState.Erasure;
using StackExchange.Redis;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests.Erasure;

/// <summary>
/// Issue 22, item 7, through the broker: <c>ParticipantRemoved { erase: true }</c> consumed by the running router
/// leaves nothing in Redis that names the participant or their addresses, only the hashes of their addresses;
/// a plain removal keeps today's behaviour.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EraseParticipantTests(PipelineFixture pipeline)
{
    private readonly ErasePipeline erase = new(pipeline);

    [Fact]
    public async Task ParticipantRemovedWithErase_LeavesNoKeyNamingThem_RedactsTheDeliveryLog_AndKeepsOnlyAddressHashes()
    {
        var user = await erase.SeedUserAsync(LastAgent);
        var db = erase.Db;
        var logBefore = await erase.DeliveryLog.ReadAsync(null, null, limit: 10_000);
        Assert.Contains(logBefore, entry => entry.RecipientId == user.Id);
        Assert.NotEmpty(await erase.KeysMentioningAsync(user.Id));

        await pipeline.Platform.Publish(new ParticipantRemoved { ParticipantId = user.Id, Erase = true, At = DateTimeOffset.UtcNow });

        await Eventually.TrueAsync(async () => !await db.KeyExistsAsync(erase.Keys.Key($"transcript:{user.Conversation}")), "the erase");
        // The removal's time, a day at most, so an older upsert consumed later cannot bring the entry back: the id only.
        var removalMemory = erase.Keys.Key($"participant-at:{user.Id}");
        Assert.Equal([removalMemory.ToString()], await erase.KeysMentioningAsync(user.Id));
        Assert.InRange((await db.KeyTimeToLiveAsync(removalMemory))!.Value, TimeSpan.FromHours(23), TimeSpan.FromDays(1));
        Assert.Empty(await erase.KeysMentioningAsync(user.Email));
        Assert.Empty(await erase.KeysMentioningAsync(user.Phone));
        Assert.Empty(await erase.KeysMentioningAsync(user.Name));

        // The log keeps the outcomes, in their order, with the recipient replaced; other recipients' entries are untouched.
        var logAfter = await erase.DeliveryLog.ReadAsync(null, null, limit: 10_000);
        var before = logBefore.Where(entry => logAfter.Any(after => after.NotificationId == entry.NotificationId && after.At == entry.At)).ToList();
        Assert.DoesNotContain(logAfter, entry => entry.RecipientId == user.Id);
        Assert.Contains(logAfter, entry => entry.RecipientId == ParticipantErasure.ErasedRecipient && entry.ConversationId == user.Conversation);
        Assert.Equal(before.Select(entry => entry.RecipientId == user.Id ? ParticipantErasure.ErasedRecipient : entry.RecipientId),
            logAfter.Where(after => before.Any(entry => entry.NotificationId == after.NotificationId && entry.At == after.At)).Select(entry => entry.RecipientId));

        var kept = await db.SetMembersAsync(erase.Keys.Key(ErasedAddresses.KeySuffix));
        Assert.Contains(erase.ErasedAddresses.HashOf(user.Email), kept.Select(value => (string)value!));
        Assert.Contains(erase.ErasedAddresses.HashOf(user.Phone), kept.Select(value => (string)value!));
        Assert.True(await erase.ErasedAddresses.ContainsAsync(user.Email.ToUpperInvariant()));
        Assert.Null(await db.SortedSetScoreAsync(erase.Keys.Key("digest:pending"), Email.Digest.DigestStore.EntryIdOf(user.Id, user.Conversation)));

        // Consumed twice (a redelivery): nothing comes back, the hashes are not doubled.
        await pipeline.Platform.Publish(new ParticipantRemoved { ParticipantId = user.Id, Erase = true });
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal([removalMemory.ToString()], await erase.KeysMentioningAsync(user.Id));
        Assert.Equal(kept.Length, (await db.SetMembersAsync(erase.Keys.Key(ErasedAddresses.KeySuffix))).Length);
    }

    [Fact]
    public async Task BareJsonErase_FromAPlatformWithoutMassTransit_ErasesPresenceAndTheDirectoryEntry()
    {
        var id = $"erase-bare-{Guid.NewGuid():N}"[..24];
        await using var platform = await BareJsonPublisher.ConnectAsync(pipeline.VirtualHost.AmqpUrl);
        await platform.PublishAsync("ParticipantUpserted", $$"""{"participantId":"{{id}}","role":"user","name":"Bare User","email":"{{id}}@customer.test"}""");
        await pipeline.WaitForParticipantsAsync(id);
        await pipeline.StartOfflineSessionAsync(id);

        await platform.PublishAsync("ParticipantRemoved", $$"""{"participantId":"{{id}}","erase":true}""");

        await Eventually.TrueAsync(async () => (await erase.KeysMentioningAsync(id)).Count == 0, "no key naming the participant");
        Assert.True(await erase.ErasedAddresses.ContainsAsync($"{id}@customer.test"));
    }

    [Fact]
    public async Task PlainParticipantRemoved_KeepsPresenceTranscriptAndDeliveryLog()
    {
        var user = await erase.SeedUserAsync(LastAgent);

        await pipeline.Platform.Publish(new ParticipantRemoved { ParticipantId = user.Id });

        var db = erase.Db;
        await Eventually.TrueAsync(async () => !await db.KeyExistsAsync(erase.Keys.Key($"participant:{user.Id}")), "the removal");
        Assert.True(await db.KeyExistsAsync(erase.Keys.Key($"transcript:{user.Conversation}")));
        Assert.True(await db.KeyExistsAsync(erase.Keys.Key($"presence:{user.Id}")));
        Assert.Contains(await erase.DeliveryLog.ReadAsync(null, user.Id), entry => entry.ConversationId == user.Conversation);
        Assert.False(await erase.ErasedAddresses.ContainsAsync(user.Email));
    }
}
