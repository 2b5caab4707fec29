using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.SharedState.DeliveryLog;
using Notifications.SharedState.Erasure;

namespace Notifications.IntegrationTests.Continuity.Thread;

/// <summary>
/// The delivery log's thread of one conversation, read through its index on the real Redis: every kind of entry in
/// time order, replies without their text, the index capped, and an erasure seen through it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeliveryLogThreadTests : RedisOnlyTest
{
    private readonly string conversationId = "conv-" + Guid.NewGuid().ToString("N")[..8];

    private DeliveryLogStore Log => new(Redis, RedisKeys, Options.Create(new DeliveryLogOptions()));

    [Fact]
    public async Task A_thread_lists_its_conversation_alone_in_time_order_with_replies_and_no_reply_text()
    {
        var start = DateTimeOffset.UtcNow;
        // Written out of time order (the SMS sender's reply before the email sender's outcome reached Redis).
        await Log.AddAsync(DeliveryLogEntry.Of(new SmsReplyReceived
        {
            NotificationId = "m1:kim:sms", RecipientId = "kim", ConversationId = conversationId, Text = "Call me at 555 0100",
            ProviderMessageId = "SM123", ReceivedAt = start.AddSeconds(2),
        }, traceId: ""));
        await Log.AddAsync(DeliveryLogEntry.Of(Delivered("m1:kim:email", conversationId, start), traceId: ""));
        await Log.AddAsync(DeliveryLogEntry.Of(Delivered("m9:kim:email", "conv-other", start.AddSeconds(1)), traceId: ""));
        await Log.AddAsync(DeliveryLogEntry.Of(new EmailReplyReceived
        {
            ParticipantId = "kim", ConversationId = conversationId, Text = "My card number is 4111", ReceivedAt = start.AddSeconds(3),
            SenderVerified = true, InboundMessageId = "<abc@mail.test>",
        }, traceId: ""));

        var thread = await Log.ReadThreadAsync(conversationId);

        Assert.Equal(
            [(DeliveryLogEntry.Delivered, Channels.Email), (DeliveryLogEntry.Replied, Channels.Sms), (DeliveryLogEntry.Replied, Channels.Email)],
            thread.Select(entry => (entry.Outcome, entry.Channel)));
        Assert.Equal(("m1:kim:sms", "SM123"), (thread[1].NotificationId, thread[1].Detail));
        Assert.Equal(DeliveryLogEntry.EmailReplySenderVerified, thread[2].Detail);
        var stored = await Redis.GetDatabase().StreamRangeAsync(RedisKeys.Key("delivery-log"));
        Assert.DoesNotContain(stored.SelectMany(item => item.Values), field => field.Value.ToString().Contains("555 0100") || field.Value.ToString().Contains("4111"));
    }

    [Fact]
    public async Task A_thread_keeps_its_newest_entries_up_to_its_cap()
    {
        var start = DateTimeOffset.UtcNow;
        var total = DeliveryLogStore.ThreadMaxEntries + 5;
        for (var i = 0; i < total; i++)
            await Log.AddAsync(DeliveryLogEntry.Of(Delivered($"m{i}:kim:email", conversationId, start.AddMilliseconds(i)), traceId: ""));

        var thread = await Log.ReadThreadAsync(conversationId);

        Assert.Equal(DeliveryLogStore.ThreadMaxEntries, thread.Count);
        Assert.Equal("m5:kim:email", thread[0].NotificationId);
        Assert.Equal($"m{total - 1}:kim:email", thread[^1].NotificationId);
        Assert.True(await Redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.Key($"delivery-log:conversation:{conversationId}")) > TimeSpan.FromDays(29));
    }

    [Fact]
    public async Task An_erased_participant_is_redacted_in_the_thread_like_in_the_log_replies_included()
    {
        var at = DateTimeOffset.UtcNow;
        await Log.AddAsync(DeliveryLogEntry.Of(Delivered("m1:kim:sms", conversationId, at), traceId: ""));
        await Log.AddAsync(DeliveryLogEntry.Of(new SmsReplyReceived
        {
            NotificationId = "m1:kim:sms", RecipientId = "kim", ConversationId = conversationId, Text = "ok",
            ProviderMessageId = "SM9", ReceivedAt = at.AddSeconds(1),
        }, traceId: ""));

        var erasure = new ParticipantErasure(Redis, RedisKeys, new ErasedAddresses(Redis, RedisKeys, Options.Create(new ErasureOptions())));
        await erasure.EraseAsync("kim");

        var thread = await Log.ReadThreadAsync(conversationId);
        Assert.Equal(2, thread.Count);
        Assert.All(thread, entry => Assert.Equal(ParticipantErasure.ErasedRecipient, entry.RecipientId));
        Assert.All(thread, entry => Assert.DoesNotContain("kim", entry.NotificationId));
    }

    private static NotificationDelivered Delivered(string notificationId, string conversation, DateTimeOffset at) => new()
    {
        NotificationId = notificationId, Channel = notificationId.Split(':')[^1], RecipientId = "kim", ConversationId = conversation,
        MessageId = notificationId.Split(':')[0], Provider = "test-provider", DeliveredAt = at,
    };
}
