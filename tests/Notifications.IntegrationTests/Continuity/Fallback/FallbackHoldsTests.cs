using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router.Fallback;
using Notifications.Router.Holding;

namespace Notifications.IntegrationTests.Continuity.Fallback;

/// <summary>The held fallbacks against the real Redis: one claim per message, one per grouped email, none for what was not held.</summary>
[Trait("Category", "Integration")]
public sealed class FallbackHoldsTests : RedisOnlyTest
{
    private FallbackHolds Holds => new(Redis, RedisKeys);

    private static HeldCommand Sms(string messageId) => new(Channels.Sms, new PendingNotification
    {
        NotificationId = $"{messageId}:kim:sms", Rule = "A1",
        Recipient = new NotificationRecipient { Id = "kim", Role = ParticipantRoles.Agent, Name = "Kim", Phone = "+15550100201" },
        Message = new NotifiedMessage
        {
            MessageId = messageId, ConversationId = "c1", Text = "Hello", PostedAt = DateTimeOffset.UtcNow,
            Sender = new MessageSender { Id = "u", Role = ParticipantRoles.User, Name = "U" },
        },
    });

    [Fact]
    public async Task An_email_failure_takes_the_held_sms_once_and_its_redelivery_gets_it_again()
    {
        await Holds.HoldAsync("m1", "kim", [Sms("m1")], group: "m1:kim:email");

        var first = await Holds.TakeAsync("m1", "kim", Channels.Email, "m1:kim:email");
        var redelivered = await Holds.TakeAsync("m1", "kim", Channels.Email, "m1:kim:email");
        var another = await Holds.TakeAsync("m1", "kim", Channels.Email, "m1:kim:email-other");

        Assert.Equal("m1:kim:sms", Assert.Single(first).Pending.NotificationId);
        Assert.Single(redelivered);
        Assert.Empty(another);
        // An SMS failure of the same message finds no email held.
        Assert.Empty(await Holds.TakeAsync("m1", "kim", Channels.Sms, "m1:kim:sms"));
    }

    [Fact]
    public async Task A_grouped_email_falls_back_once_for_the_whole_window()
    {
        await Holds.HoldAsync("m1", "kim", [Sms("m1")], group: "m1:kim:email");
        await Holds.HoldAsync("m2", "kim", [Sms("m2")], group: "m2:kim:email");
        // Both emails joined the window that m1's email opened.
        await Holds.GroupAsync("m1", "kim", "m1:kim:email");
        await Holds.GroupAsync("m2", "kim", "m1:kim:email");

        var taken = await Task.WhenAll(
            Holds.TakeAsync("m1", "kim", Channels.Email, "m1:kim:email"),
            Holds.TakeAsync("m2", "kim", Channels.Email, "m2:kim:email"));

        // The failure that claims it gets what both messages held: the grouped email answered for both.
        var claimed = Assert.Single(taken, held => held.Count > 0);
        Assert.Equal(["m1:kim:sms", "m2:kim:sms"], claimed.Select(held => held.Pending.NotificationId).Order());
        Assert.Equal(["m1", "m2"], claimed.Select(held => held.IdBase).Order());
        Assert.Single(taken, held => held.Count == 0);
    }

    [Fact]
    public async Task A_window_whose_grouped_email_was_suppressed_is_claimed_once_for_every_message_it_names()
    {
        // Held before windows listed their messages: no group set, only each hold's group field.
        await Holds.HoldAsync("m1", "kim", [Sms("m1")], group: "m1:kim:email");
        await Holds.HoldAsync("m2", "kim", [Sms("m2")], group: "m1:kim:email");

        var taken = await Holds.TakeWindowAsync("m1:kim:email", "kim", ["m1", "m2"], "m1:kim:email");
        var redelivered = await Holds.TakeWindowAsync("m1:kim:email", "kim", ["m1", "m2"], "m1:kim:email");

        Assert.Equal(["m1:kim:sms", "m2:kim:sms"], taken.Select(held => held.Pending.NotificationId).Order());
        Assert.Equal(2, redelivered.Count);
        // A failure of either message's email later finds the window's fallback claimed.
        Assert.Empty(await Holds.TakeAsync("m2", "kim", Channels.Email, "m2:kim:email"));
    }

    [Fact]
    public async Task A_released_claim_lets_the_next_failure_send_it()
    {
        await Holds.HoldAsync("m1", "kim", [Sms("m1")], group: null);
        Assert.Single(await Holds.TakeAsync("m1", "kim", Channels.Email, "first"));

        await Holds.ReleaseAsync("m1", "kim", Channels.Email, "first");

        Assert.Single(await Holds.TakeAsync("m1", "kim", Channels.Email, "second"));
    }

    [Fact]
    public async Task Nothing_held_claims_nothing()
    {
        Assert.Empty(await Holds.TakeAsync("m9", "kim", Channels.Email, "m9:kim:email"));
        Assert.False(await Redis.GetDatabase().KeyExistsAsync(RedisKeys.Key("fallback-claim:m9:kim")));
    }
}
