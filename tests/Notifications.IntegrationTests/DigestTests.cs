using MimeKit;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Contracts;
using Notifications.Email.Digest;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.SharedState.Ledger;
using static Notifications.IntegrationTests.EmailSendersFixture;

namespace Notifications.IntegrationTests;

/// <summary>Digest mode end to end: the real router and two email senders on the real broker and Redis.</summary>
[Collection(EmailSendersCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DigestTests(EmailSendersFixture fixture)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Messages_Accumulate_AndOneFlushSendsOneEmailWithTheWholeTranscript_ThenOnlyNewMessagesNextTime()
    {
        var chat = NewConversation();
        var conversation = chat.Id;
        var messages = await chat.PostAsync(Agent, "Where is my parcel?", "It was due Monday.", "Order <#42> & co");
        await chat.WaitQueuedAsync(Agent, messages.Length);
        await Task.Delay(Settle);
        Assert.Empty(EmailsAbout(conversation));

        using var client = AdminClient(fixture.AdminA);
        var flush = await client.PostAsync("/admin/email/digest/flush", null);
        flush.EnsureSuccessStatusCode();

        var email = Assert.Single(await EmailsAboutAsync(conversation, 1));
        Assert.Equal(Agent + "@helpdesk.test", email.To.Mailboxes.Single().Address);
        Assert.Equal($"New messages in conversation {conversation}", email.Subject);
        Assert.Contains("Dan Visitor (", email.TextBody);
        Assert.Contains("Where is my parcel?", email.TextBody);
        Assert.Contains("It was due Monday.", email.TextBody);
        Assert.Contains("Order <#42> & co", email.TextBody);
        Assert.Contains("Order &lt;#42&gt; &amp; co", email.HtmlBody);
        Assert.True(email.TextBody!.IndexOf("parcel", StringComparison.Ordinal) < email.TextBody.IndexOf("Monday", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => messages.All(m => fixture.Outcomes.Delivered.Any(d => d.MessageId == m.MessageId && d.RecipientId == Agent)),
            "NotificationDelivered for every message folded into the digest");

        var later = await chat.PostAsync(Agent, "Any news?");
        await chat.WaitQueuedAsync(Agent, 1);
        await fixture.SenderB.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None);

        var emails = await EmailsAboutAsync(conversation, 2);
        Assert.Equal(await fixture.SenderB.Services.GetRequiredService<DigestStore>().PendingCountAsync(), DigestPendingGauge());
        var second = emails.Single(e => e.TextBody?.Contains("Any news?") == true);
        Assert.DoesNotContain("Where is my parcel?", second.TextBody!);
        Assert.Equal($"New messages in conversation {conversation}", second.Subject);
        Assert.Contains(fixture.Outcomes.Delivered, d => d.MessageId == later[0].MessageId);
    }

    [Fact]
    public async Task WhatTheRecipientSawBeforeTheFlush_IsLeftOutOfTheDigest_AndEndsAsSeen()
    {
        var chat = NewConversation();
        var conversation = chat.Id;
        var messages = await chat.PostAsync(Agent, "Read in the chat already", "Posted after the read");
        await chat.WaitQueuedAsync(Agent, 2);
        await fixture.Platform.Publish(new ConversationSeen { ParticipantId = Agent, ConversationId = conversation, SeenAt = messages[0].PostedAt.AddMilliseconds(500) });
        await Eventually.TrueAsync(async () => await fixture.Redis.GetDatabase().KeyExistsAsync($"{fixture.KeyPrefix}seen:{Agent}:{conversation}"), "the read to be stored");

        await fixture.SenderA.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None);

        var email = Assert.Single(await EmailsAboutAsync(conversation, 1));
        Assert.Contains("Posted after the read", email.TextBody);
        Assert.DoesNotContain("Read in the chat already", email.TextBody);
        await Eventually.TrueAsync(() => fixture.Outcomes.Suppressed.Any(s => s.MessageId == messages[0].MessageId && s.Reason == DigestFlusher.Seen)
                                         && fixture.Outcomes.Delivered.Any(d => d.MessageId == messages[1].MessageId),
            "the seen message suppressed, the other delivered");
        Assert.DoesNotContain(fixture.Outcomes.Delivered, d => d.MessageId == messages[0].MessageId);
    }

    [Fact]
    public async Task TwoConcurrentFlushes_OnTwoInstances_SendTheDigestOnce()
    {
        var chat = NewConversation();
        var conversation = chat.Id;
        await chat.PostAsync(Agent, "One", "Two");
        await chat.WaitQueuedAsync(Agent, 2);

        var flushes = await Task.WhenAll(
            fixture.SenderA.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None),
            fixture.SenderB.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None));

        Assert.True(flushes.Sum(result => result.Sent) >= 1);
        await EmailsAboutAsync(conversation, 1);
        await Task.Delay(Settle);
        Assert.Single(EmailsAbout(conversation));
    }

    [Fact]
    public async Task EntryClaimedByAFlushThatDied_IsSentByTheNextFlushAfterItsLeaseExpired()
    {
        var chat = NewConversation();
        var conversation = chat.Id;
        await chat.PostAsync(Agent, "Lost in a crash?");
        await chat.WaitQueuedAsync(Agent, 1);

        // A flush claims everything and dies before sending.
        var store = fixture.SenderA.Services.GetRequiredService<DigestStore>();
        var claimed = await store.ClaimAsync(TimeSpan.FromSeconds(2), 100);
        Assert.Contains(claimed, digest => digest.ConversationId == conversation);

        await fixture.SenderB.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None);
        Assert.Empty(EmailsAbout(conversation));

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var resumed = await fixture.SenderB.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None);

        Assert.True(resumed.Sent >= 1);
        var email = Assert.Single(await EmailsAboutAsync(conversation, 1));
        Assert.Contains("Lost in a crash?", email.TextBody);
    }

    [Fact]
    public async Task EntryWhoseClaimRunsOutBeforeItCouldBeSent_IsGivenBack_AndSentOnceByTheNextFlush()
    {
        var chat = NewConversation();
        var conversation = chat.Id;
        await chat.PostAsync(Agent, "Almost out of time");
        await chat.WaitQueuedAsync(Agent, 1);

        // A claim with too little time left to send within it: another flush could take the entry mid-send.
        var store = fixture.SenderA.Services.GetRequiredService<DigestStore>();
        var flusher = fixture.SenderA.Services.GetRequiredService<DigestFlusher>();
        var claimed = (await store.ClaimAsync(TimeSpan.FromSeconds(3), 100)).Single(digest => digest.ConversationId == conversation);

        Assert.Equal(DigestFlusher.Outcome.Retry, await flusher.HandleAsync(claimed, CancellationToken.None));
        await Task.Delay(Settle);
        Assert.Empty(EmailsAbout(conversation));

        await fixture.SenderB.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None);
        Assert.Single(await EmailsAboutAsync(conversation, 1));
        await Task.Delay(Settle);
        Assert.Single(EmailsAbout(conversation));
    }

    [Fact]
    public async Task EntryWithANotificationBeingSentElsewhere_IsGivenBack_AndSentOnceByTheNextFlushAfterThatClaimIsGone()
    {
        var chat = NewConversation();
        var conversation = chat.Id;
        var message = (await chat.PostAsync(Agent, "Held by someone else")).Single();
        await chat.WaitQueuedAsync(Agent, 1);
        var notificationId = $"{message.MessageId}:{Agent}:{Channels.Email}";

        // Another sender holds the notification's ledger claim: the digest must not send it beside that sender.
        var ledger = fixture.SenderA.Services.GetRequiredService<DeliveryLedger>();
        Assert.Equal(LedgerClaim.Claimed, await ledger.TryClaimAsync(notificationId, "another-sender", TimeSpan.FromMinutes(1)));
        var store = fixture.SenderA.Services.GetRequiredService<DigestStore>();
        var claimed = (await store.ClaimAsync(TimeSpan.FromSeconds(8), 100)).Single(digest => digest.ConversationId == conversation);

        Assert.Equal(DigestFlusher.Outcome.Retry, await fixture.SenderA.Services.GetRequiredService<DigestFlusher>().HandleAsync(claimed, CancellationToken.None));
        await Task.Delay(Settle);
        Assert.Empty(EmailsAbout(conversation));
        Assert.DoesNotContain(fixture.Outcomes.Delivered, delivered => delivered.NotificationId == notificationId);

        await ledger.ReleaseAsync(notificationId, "another-sender");
        await fixture.SenderB.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None);
        Assert.Single(await EmailsAboutAsync(conversation, 1));
        await Eventually.TrueAsync(() => fixture.Outcomes.Delivered.Any(delivered => delivered.NotificationId == notificationId), "NotificationDelivered for the notification");
        await Task.Delay(Settle);
        Assert.Single(EmailsAbout(conversation));
        Assert.Single(fixture.Outcomes.Delivered, delivered => delivered.NotificationId == notificationId);
    }

    [Fact]
    public async Task QueuedDigest_ForARecipientWhoCameOnline_IsDroppedAsRecipientRead()
    {
        var chat = NewConversation();
        var conversation = chat.Id;
        var messages = await chat.PostAsync(OtherAgent, "Are you there?");
        await chat.WaitQueuedAsync(OtherAgent, 1);
        await fixture.Platform.Publish(new PresenceChanged { ParticipantId = OtherAgent, Online = true, At = DateTimeOffset.UtcNow });
        var db = fixture.Redis.GetDatabase();
        await Eventually.TrueAsync(async () => (string?)await db.HashGetAsync(fixture.KeyPrefix + "presence:" + OtherAgent, "online") == "1", "the agent to be online");

        var result = await fixture.SenderA.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None);

        Assert.Equal(1, result.Suppressed);
        await Eventually.TrueAsync(() => fixture.Outcomes.Suppressed.Any(s => s.MessageId == messages[0].MessageId && s.Reason == DigestFlusher.RecipientRead),
            "NotificationSuppressed recipient-read");
        await Task.Delay(Settle);
        Assert.Empty(EmailsAbout(conversation));
        await fixture.Platform.Publish(new PresenceChanged { ParticipantId = OtherAgent, Online = false, At = DateTimeOffset.UtcNow });
    }

    [Fact]
    public async Task QueuedDigest_FromRowA2_IsSentToAnOnlineAgent_DigestModeNeverChangesWhoIsNotified()
    {
        var chat = NewConversation();
        var db = fixture.Redis.GetDatabase();
        await fixture.Platform.Publish(new PresenceChanged { ParticipantId = OtherAgent, Online = true, At = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(async () => (string?)await db.HashGetAsync(fixture.KeyPrefix + "presence:" + OtherAgent, "online") == "1", "the agent to be online");
        try
        {
            // A2 (no presence filter): the assigned agent is emailed online or not, so the digest is too.
            var first = new MessagePosted
            {
                MessageId = "msg-" + Guid.NewGuid().ToString("N")[..12],
                ConversationId = chat.Id,
                Sender = new MessageSender { Id = User, Role = ParticipantRoles.User, Name = "Dan Visitor" },
                Text = "First message, assigned to Olive",
                PostedAt = DateTimeOffset.UtcNow,
                IsFirstMessage = true,
                Conversation = new ConversationInfo { UserId = User, AssignedAgentId = OtherAgent },
            };
            await fixture.Platform.Publish(first);
            await chat.WaitQueuedAsync(OtherAgent, 1);

            var result = await fixture.SenderA.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None);

            Assert.Equal((1, 0), (result.Sent, result.Suppressed));
            Assert.Contains("First message, assigned to Olive", Assert.Single(await EmailsAboutAsync(chat.Id, 1)).TextBody);
        }
        finally
        {
            await fixture.Platform.Publish(new PresenceChanged { ParticipantId = OtherAgent, Online = false, At = DateTimeOffset.UtcNow });
        }
    }

    private DigestConversation NewConversation() => new(fixture.Platform, fixture.Redis, fixture.KeyPrefix, User, "Dan Visitor");

    private List<MimeMessage> EmailsAbout(string conversation) =>
        fixture.Smtp.Messages.Where(m => m.Headers["X-Notification-Id"]?.Contains(":" + conversation + ":", StringComparison.Ordinal) == true).ToList();

    private async Task<List<MimeMessage>> EmailsAboutAsync(string conversation, int expected)
    {
        await Eventually.TrueAsync(() => EmailsAbout(conversation).Count >= expected, $"{expected} digest emails about {conversation}");
        return EmailsAbout(conversation);
    }

    /// <summary>What the <c>notifications.digest.pending</c> gauge reports now.</summary>
    private static long DigestPendingGauge()
    {
        long value = -1;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "notifications.digest.pending")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, measured, _, _) => value = measured);
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }
}
