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
    public async Task A_held_notification_is_stored_compressed_without_its_id_nulls_and_empty_lists_and_one_stored_in_full_still_reads()
    {
        await Windows.AddAsync("window:email:kim:c7", Channels.Email, Pending("m1", "c7"), "m1:kim:email", Soon, TimeSpan.FromSeconds(3));
        var db = Redis.GetDatabase();
        var raw = await db.HashGetAsync(RedisKeys.Key("window:email:kim:c7"), "n:m1:kim:email");
        var stored = StoredPending.JsonOf(raw);
        Assert.True(((byte[])raw!).Length < System.Text.Encoding.UTF8.GetByteCount(stored), "stored compressed: " + ((byte[])raw!).Length + " bytes");
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
        // Kept a second after its end and counted per second, so its expiry comes in the test rather than in a day.
        var windows = new HeldNotifications(Redis, RedisKeys, HeldFamily.Window, keptAfterEnd: TimeSpan.FromSeconds(1), countBucket: TimeSpan.FromSeconds(1));
        var end = DateTimeOffset.UtcNow.AddMilliseconds(200);
        await windows.AddAsync("window:sms:kim:c1", Channels.Sms, Pending("m1"), "m1:kim:email", end, TimeSpan.FromMilliseconds(200));
        var both = await windows.AddAsync("window:sms:kim:c1", Channels.Sms, Pending("m2"), "m1:kim:email", end, TimeSpan.FromMilliseconds(200));
        Assert.Equal(2, both.Pending);

        // Its note was lost: Redis expires the hash (at most 1.2 s and the rest of that second later).
        await Eventually.TrueAsync(async () => !await Redis.GetDatabase().KeyExistsAsync(RedisKeys.Key("window:sms:kim:c1")), "the window's hash expired");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var other = await windows.AddAsync("window:sms:kim:c2", Channels.Sms, Pending("m3", "c2"), "m3:kim:email", DateTimeOffset.UtcNow.AddSeconds(30), TimeSpan.FromSeconds(30));

        Assert.Equal(1, other.Pending);
        Assert.Equal(1, await windows.DoneAsync(Channels.Sms, "m1:kim:email"));
    }

    [Fact]
    public async Task A_taken_window_whose_release_never_finished_is_counted_until_the_taken_hold_expires_and_not_twice()
    {
        var windows = new HeldNotifications(Redis, RedisKeys, HeldFamily.Window, keptAfterEnd: TimeSpan.FromSeconds(2), countBucket: TimeSpan.FromSeconds(1));
        await windows.AddAsync("window:push:kim:c1", Channels.Push, Pending("m1"), "m1:kim:push", Soon, TimeSpan.FromSeconds(3));
        await windows.AddAsync("window:push:kim:c1", Channels.Push, Pending("m2"), "m1:kim:push", Soon, TimeSpan.FromSeconds(3));
        Assert.Equal(2, (await windows.TakeAsync("window:push:kim:c1", Channels.Push, "m1:kim:push"))!.Count);
        var during = await windows.AddAsync("window:push:kim:c5", Channels.Push, Pending("m5", "c5"), "m5:kim:push", DateTimeOffset.UtcNow.AddSeconds(30), TimeSpan.FromSeconds(30));
        Assert.Equal(3, during.Pending);

        // The router died before it released the taken window, and its note never came again.
        await Eventually.TrueAsync(async () => !await Redis.GetDatabase().KeyExistsAsync(windows.Taken("m1:kim:push")), "the taken window expired");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = await windows.AddAsync("window:push:kim:c6", Channels.Push, Pending("m6", "c6"), "m6:kim:push", DateTimeOffset.UtcNow.AddSeconds(30), TimeSpan.FromSeconds(30));

        Assert.Equal(2, after.Pending);
        Assert.Equal(2, await windows.DoneAsync(Channels.Push, "m1:kim:push"));
    }

    [Fact]
    public async Task A_window_counted_by_the_per_window_entries_of_the_version_before_is_counted_that_way_until_it_is_gone()
    {
        var db = Redis.GetDatabase();
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        // As the version before left them: a window of two, counted in the per-window entries; and one that expired.
        await db.HashSetAsync(RedisKeys.Key("window:email:kim:c3"), [new("window", "m1:kim:email"), new("until", Soon.ToUnixTimeMilliseconds()),
            new("noted", "1"), new("n:m1:kim:email", System.Text.Json.JsonSerializer.Serialize(Pending("m1", "c3"), json)),
            new("n:m2:kim:email", System.Text.Json.JsonSerializer.Serialize(Pending("m2", "c3"), json))]);
        await db.KeyExpireAsync(RedisKeys.Key("window:email:kim:c3"), TimeSpan.FromHours(1));
        await db.HashSetAsync(RedisKeys.Key("window-pending-held:email"), [new("m1:kim:email", 2), new("gone:kim:email", 3)]);
        await db.SortedSetAddAsync(RedisKeys.Key("window-pending-expiry:email"), [
            new("m1:kim:email", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds()),
            new("gone:kim:email", DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds())]);
        await db.StringSetAsync(Windows.PendingCount(Channels.Email), 5);

        var joined = await Windows.AddAsync("window:email:kim:c3", Channels.Email, Pending("m3", "c3"), "m3:kim:email", Soon, TimeSpan.FromSeconds(3));
        // A join sweeps nothing: the expired window's 3 still count until the release below sweeps them.
        Assert.Equal(("m1:kim:email", 6L), (joined.Id, joined.Pending));
        Assert.Equal(3, await db.HashGetAsync(RedisKeys.Key("window-pending-held:email"), "m1:kim:email"));
        Assert.Equal(3, (await Windows.TakeAsync("window:email:kim:c3", Channels.Email, "m1:kim:email"))!.Count);

        Assert.Equal(0, await Windows.DoneAsync(Channels.Email, "m1:kim:email"));
        Assert.Equal(0, await db.HashLengthAsync(RedisKeys.Key("window-pending-held:email")));
        Assert.Equal(0, await db.SortedSetLengthAsync(RedisKeys.Key("window-pending-expiry:email")));
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
