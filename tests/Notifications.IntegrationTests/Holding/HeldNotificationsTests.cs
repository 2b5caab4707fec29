using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router.Holding;

namespace Notifications.IntegrationTests.Holding;

/// <summary>
/// The one store of held notifications against the real Redis, in both its families: a hold is taken once (and again
/// by a redelivered note, from <c>{family}-taken:</c>), released once, counted exactly, and one that expired without its
/// note no longer counts as pending.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HeldNotificationsTests : RedisOnlyTest
{
    private static readonly DateTimeOffset Soon = DateTimeOffset.UtcNow.AddSeconds(3);

    private HeldNotifications Windows => new(Redis, RedisKeys, HeldFamily.Window);

    private HeldNotifications Summaries => new(Redis, RedisKeys, HeldFamily.Quiet);

    private static PendingNotification Pending(string messageId, string conversationId = "c1") => new()
    {
        NotificationId = $"{messageId}:kim:email", Rule = "A1",
        Recipient = new NotificationRecipient { Id = "kim", Role = ParticipantRoles.Agent, Name = "Kim" },
        Message = new NotifiedMessage
        {
            MessageId = messageId, ConversationId = conversationId, Text = "Hello", PostedAt = DateTimeOffset.UtcNow,
            Sender = new MessageSender { Id = "u", Role = ParticipantRoles.User, Name = "U" },
        },
    };

    [Fact]
    public async Task A_window_is_opened_once_joined_counted_once_per_notification_taken_again_by_a_redelivered_note_and_released_once()
    {
        var opened = await Windows.AddAsync("window:email:kim:c1", Channels.Email, Pending("m1"), "m1:kim:email", Soon, TimeSpan.FromSeconds(3));
        var joined = await Windows.AddAsync("window:email:kim:c1", Channels.Email, Pending("m2"), "m2:kim:email", Soon.AddSeconds(1), TimeSpan.FromSeconds(3));
        var redelivered = await Windows.AddAsync("window:email:kim:c1", Channels.Email, Pending("m2"), "m2:kim:email", Soon.AddSeconds(1), TimeSpan.FromSeconds(3));

        Assert.Equal(("m1:kim:email", true, 1L), (opened.Id, opened.NeedsNote, opened.Pending));
        Assert.Equal("m1:kim:email", joined.Id);
        Assert.Equal(opened.Until.ToUnixTimeMilliseconds(), joined.Until.ToUnixTimeMilliseconds());
        Assert.Equal(2, redelivered.Pending);
        await Windows.NotedAsync("window:email:kim:c1", "m1:kim:email");
        Assert.False((await Windows.AddAsync("window:email:kim:c1", Channels.Email, Pending("m3"), "m3:kim:email", Soon, TimeSpan.FromSeconds(3))).NeedsNote);

        var taken = await Windows.TakeAsync("window:email:kim:c1", Channels.Email, "m1:kim:email");
        var again = await Windows.TakeAsync("window:email:kim:c1", Channels.Email, "m1:kim:email");
        Assert.Equal(["m1", "m2", "m3"], taken!.Select(p => p.Message.MessageId));
        Assert.Equal(["m1:kim:email", "m2:kim:email", "m3:kim:email"], taken!.Select(p => p.NotificationId));
        Assert.Equal("Kim", taken![0].Recipient.Name);
        Assert.Empty(taken![0].Message.Attachments);
        Assert.Equal(3, again!.Count);
        // A notification after the take opens a new window.
        var next = await Windows.AddAsync("window:email:kim:c1", Channels.Email, Pending("m4"), "m4:kim:email", Soon, TimeSpan.FromSeconds(3));
        Assert.Equal(("m4:kim:email", true, 4L), (next.Id, next.NeedsNote, next.Pending));

        Assert.Equal(1, await Windows.DoneAsync(Channels.Email, "m1:kim:email"));
        Assert.Equal(1, await Windows.DoneAsync(Channels.Email, "m1:kim:email"));
        Assert.Null(await Windows.TakeAsync("window:email:kim:c1", Channels.Email, "m1:kim:email"));
        Assert.Equal(1L, (long)await Redis.GetDatabase().StringGetAsync(Windows.PendingCount(Channels.Email)));
    }

    [Fact]
    public async Task Messages_of_one_conversation_held_at_once_send_one_note_and_only_its_claimant_sends_it_again()
    {
        // Two messages of a conversation consumed at the same time (prefetch): before the note is recorded both found
        // the window un-noted, sent a note each, and the second note released the window again.
        var adds = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            Windows.AddAsync("window:email:kim:c9", Channels.Email, Pending($"m{i}", "c9"), $"m{i}:kim:email", Soon, TimeSpan.FromSeconds(3))));
        var claimant = Assert.Single(adds, a => a.NeedsNote);

        var claimantId = (string?)await Redis.GetDatabase().HashGetAsync(RedisKeys.Key("window:email:kim:c9"), "noting");
        var redeliveredClaimant = await Windows.AddAsync("window:email:kim:c9", Channels.Email,
            Pending(claimantId!.Split(':')[0], "c9"), claimantId, Soon, TimeSpan.FromSeconds(3));
        var redeliveredOther = await Windows.AddAsync("window:email:kim:c9", Channels.Email,
            Pending(claimantId == "m1:kim:email" ? "m2" : "m1", "c9"), "m1:kim:email", Soon, TimeSpan.FromSeconds(3));

        Assert.True(redeliveredClaimant.NeedsNote);
        Assert.False(redeliveredOther.NeedsNote);
        Assert.Equal(8, redeliveredClaimant.Pending);
        await Windows.NotedAsync("window:email:kim:c9", claimant.Id!);
        Assert.False((await Windows.AddAsync("window:email:kim:c9", Channels.Email, Pending(claimantId.Split(':')[0], "c9"), claimantId, Soon, TimeSpan.FromSeconds(3))).NeedsNote);
    }

    [Fact]
    public async Task A_held_notification_is_stored_without_its_id_nulls_and_empty_lists_and_one_stored_in_full_still_reads()
    {
        await Windows.AddAsync("window:email:kim:c7", Channels.Email, Pending("m1", "c7"), "m1:kim:email", Soon, TimeSpan.FromSeconds(3));
        var db = Redis.GetDatabase();
        var stored = (string)(await db.HashGetAsync(RedisKeys.Key("window:email:kim:c7"), "n:m1:kim:email"))!;
        Assert.DoesNotContain("notificationId", stored);
        Assert.DoesNotContain("null", stored);
        Assert.DoesNotContain("[]", stored);
        // As every notification was stored before: the whole record, the id included.
        var full = System.Text.Json.JsonSerializer.Serialize(Pending("m2", "c7"), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        await db.HashSetAsync(RedisKeys.Key("window:email:kim:c7"), "n:m2:kim:email", full);

        var taken = await Windows.TakeAsync("window:email:kim:c7", Channels.Email, "m1:kim:email");

        Assert.Equal(["m1:kim:email", "m2:kim:email"], taken!.Select(p => p.NotificationId));
        Assert.All(taken!, p => Assert.Equal(("kim", "c7", "Hello"), (p.Recipient.Id, p.Message.ConversationId, p.Message.Text)));
    }

    [Fact]
    public async Task A_window_that_expired_without_its_note_is_counted_down_by_the_next_notification_of_the_channel()
    {
        await Windows.AddAsync("window:sms:kim:c1", Channels.Sms, Pending("m1"), "m1:kim:email", Soon, TimeSpan.FromSeconds(3));
        await Windows.AddAsync("window:sms:kim:c1", Channels.Sms, Pending("m2"), "m1:kim:email", Soon, TimeSpan.FromSeconds(3));
        // Its note was lost and Redis expired the hash: made to happen now rather than in a day.
        var db = Redis.GetDatabase();
        await db.KeyDeleteAsync(RedisKeys.Key("window:sms:kim:c1"));
        await db.SortedSetAddAsync(RedisKeys.Key("window-pending-expiry:sms"), "m1:kim:email", DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds());

        var other = await Windows.AddAsync("window:sms:kim:c2", Channels.Sms, Pending("m3", "c2"), "m3:kim:email", Soon, TimeSpan.FromSeconds(3));

        Assert.Equal(1, other.Pending);
        Assert.Equal(1, await Windows.DoneAsync(Channels.Sms, "m1:kim:email"));
    }

    [Fact]
    public async Task A_hold_records_its_expiry_when_it_opens_and_a_notification_joining_it_leaves_that_entry_alone()
    {
        var db = Redis.GetDatabase();
        var expiry = RedisKeys.Key("window-pending-expiry:push");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Windows.AddAsync("window:push:kim:c3", Channels.Push, Pending("m1", "c3"), "m1:kim:push", Soon, TimeSpan.FromSeconds(3));
        var opened = await db.SortedSetScoreAsync(expiry, "m1:kim:push");
        // The hold expires a day after its end: its entry says so from the moment it opens.
        Assert.InRange(opened!.Value, before + (3 + 86_400) * 1000.0 - 1_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (3 + 86_400) * 1000.0 + 1_000);
        // A mark no join could write: a join that wrote the entry again would overwrite it.
        await db.SortedSetAddAsync(expiry, "m1:kim:push", opened.Value + 12_345);

        var joined = await Windows.AddAsync("window:push:kim:c3", Channels.Push, Pending("m2", "c3"), "m2:kim:push", Soon, TimeSpan.FromSeconds(3));

        Assert.Equal(("m1:kim:push", 2L), (joined.Id, joined.Pending));
        Assert.Equal(opened.Value + 12_345, await db.SortedSetScoreAsync(expiry, "m1:kim:push"));
        Assert.Equal(2, (await Windows.TakeAsync("window:push:kim:c3", Channels.Push, "m1:kim:push"))!.Count);
        Assert.Equal(0, await Windows.DoneAsync(Channels.Push, "m1:kim:push"));
        Assert.Null(await db.SortedSetScoreAsync(expiry, "m1:kim:push"));
    }

    [Fact]
    public async Task A_summary_refuses_a_notification_once_sent_and_counts_its_own_pending()
    {
        var id = "quiet:kim:sms:638712";
        var first = await Summaries.AddAsync(id, Channels.Sms, Pending("m1"), id, Soon, TimeSpan.FromSeconds(3));
        await Summaries.NotedAsync(id, id);
        var second = await Summaries.AddAsync(id, Channels.Sms, Pending("m2", "c2"), id, Soon, TimeSpan.FromSeconds(3));
        Assert.Equal((id, true, 1L), (first.Id, first.NeedsNote, first.Pending));
        Assert.Equal((id, false, 2L), (second.Id, second.NeedsNote, second.Pending));

        Assert.Equal(2, (await Summaries.TakeAsync(id, Channels.Sms, id))!.Count);
        Assert.True(await Redis.GetDatabase().KeyExistsAsync(Summaries.Taken(id)), "the taken summary kept until its command is out");
        Assert.Equal(0, await Summaries.DoneAsync(Channels.Sms, id));

        var late = await Summaries.AddAsync(id, Channels.Sms, Pending("m3"), id, Soon, TimeSpan.FromSeconds(3));
        Assert.Null(late.Id);
        Assert.Null(await Summaries.TakeAsync(id, Channels.Sms, id));
        Assert.Equal(0L, (long)await Redis.GetDatabase().StringGetAsync(Summaries.PendingCount(Channels.Sms)));
    }

    [Fact]
    public async Task A_summary_held_before_summaries_recorded_their_id_is_still_taken_by_its_key()
    {
        var id = "quiet:kim:push:638713";
        // As an earlier version left it: the notification and the note, no id field.
        await Redis.GetDatabase().HashSetAsync(RedisKeys.Key(id), [new("noted", "1"), new("n:m1:kim:push", System.Text.Json.JsonSerializer.Serialize(Pending("m1"), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)))]);

        var taken = await Summaries.TakeAsync(id, Channels.Push, id);

        Assert.Equal("m1", Assert.Single(taken!).Message.MessageId);
        Assert.Equal(0, await Summaries.DoneAsync(Channels.Push, id));
    }
}
