using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Notifications.Email.Digest;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.EmailSendersFixture;

namespace Notifications.IntegrationTests;

/// <summary>
/// A digest remembers what it sent by message, not by time, on the real router, email senders, broker and Redis: a
/// message dated in 2099 or a late one dated before the last digest neither hides other messages nor makes a digest
/// report "delivered" with no email, and a digest with nothing new to say is never "delivered".
/// </summary>
[Collection(EmailSendersCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DigestByEntryTests(EmailSendersFixture fixture)
{
    [Fact]
    public async Task AMessageDatedIn2099_NeitherHidesTheMessagesAfterIt_NorIsSentAgain()
    {
        var chat = NewConversation();
        var future = await chat.PostDatedAsync(Agent, "Sent from a clock in 2099", new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await chat.WaitQueuedAsync(Agent, 1);
        await FlushAsync();
        Assert.Contains("Sent from a clock in 2099", Assert.Single(await EmailsAboutAsync(chat.Id, 1)).TextBody);

        var next = await chat.PostDatedAsync(Agent, "A message of today", DateTimeOffset.UtcNow);
        await chat.WaitQueuedAsync(Agent, 1);
        await FlushAsync();

        var second = (await EmailsAboutAsync(chat.Id, 2)).Single(email => email.TextBody?.Contains("A message of today") == true);
        Assert.DoesNotContain("Sent from a clock in 2099", second.TextBody!);
        await Eventually.TrueAsync(() => fixture.Outcomes.Delivered.Any(d => d.MessageId == next.MessageId), "the second digest's outcome");
        Assert.Equal("smtp", fixture.Outcomes.Delivered.Single(d => d.MessageId == next.MessageId).Provider);
        Assert.Single(fixture.Outcomes.Delivered, d => d.MessageId == future.MessageId);
    }

    [Fact]
    public async Task ALateMessageDatedBeforeTheLastDigest_IsStillEmailed()
    {
        var chat = NewConversation();
        await chat.PostDatedAsync(Agent, "First, on time", DateTimeOffset.UtcNow);
        await chat.WaitQueuedAsync(Agent, 1);
        await FlushAsync();
        await EmailsAboutAsync(chat.Id, 1);

        var late = await chat.PostDatedAsync(Agent, "Arrived late, dated an hour ago", DateTimeOffset.UtcNow.AddHours(-1));
        await chat.WaitQueuedAsync(Agent, 1);
        await FlushAsync();

        var second = (await EmailsAboutAsync(chat.Id, 2)).Single(email => email.TextBody?.Contains("Arrived late") == true);
        Assert.DoesNotContain("First, on time", second.TextBody!);
        await Eventually.TrueAsync(() => fixture.Outcomes.Delivered.Any(d => d.MessageId == late.MessageId && d.Provider == "smtp"), "the late message's outcome");
    }

    [Fact]
    public async Task ANotificationWhoseMessageAnEarlierDigestCarried_IsSuppressed_NeverDeliveredWithoutAnEmail()
    {
        var chat = NewConversation();
        var message = await chat.PostDatedAsync(Agent, "Carried by the digest being sent", DateTimeOffset.UtcNow);
        await chat.WaitQueuedAsync(Agent, 1);
        // What a digest sent while this notification was being queued leaves behind.
        await fixture.SenderB.Services.GetRequiredService<DigestStore>().RememberSentAsync(DigestStore.EntryIdOf(Agent, chat.Id), [message.MessageId]);

        await FlushAsync();

        await Eventually.TrueAsync(() => fixture.Outcomes.Suppressed.Any(s => s.MessageId == message.MessageId && s.Reason == DigestFlusher.AlreadyInDigest),
            "the already-in-digest suppression");
        Assert.DoesNotContain(fixture.Outcomes.Delivered, d => d.MessageId == message.MessageId);
        Assert.Empty(EmailsAbout(chat.Id));
    }

    private Task FlushAsync() => fixture.SenderB.Services.GetRequiredService<DigestFlusher>().FlushAsync(CancellationToken.None);

    private DigestConversation NewConversation() => new(fixture.Platform, fixture.Redis, fixture.KeyPrefix, User, "Dan Visitor");

    private List<MimeMessage> EmailsAbout(string conversation) =>
        fixture.Smtp.Messages.Where(m => m.Headers["X-Notification-Id"]?.Contains(":" + conversation + ":", StringComparison.Ordinal) == true).ToList();

    private async Task<List<MimeMessage>> EmailsAboutAsync(string conversation, int expected)
    {
        await Eventually.TrueAsync(() => EmailsAbout(conversation).Count >= expected, $"{expected} digest emails about {conversation}");
        return EmailsAbout(conversation);
    }
}
