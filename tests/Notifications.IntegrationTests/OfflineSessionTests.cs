using Microsoft.AspNetCore.WebUtilities;
using MimeKit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// U2 end to end on the real broker and Redis: one email and one SMS per offline session for the user, kept
/// across a router restart, and a new session once the user was seen online again, by heartbeat alone.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class OfflineSessionTests(PipelineFixture pipeline)
{
    private const string AlreadyNotified = "already-notified-this-session";
    private static readonly ConversationInfo Conversation = new() { UserId = User, LastAgentId = LastAgent };

    [Fact]
    public async Task U2_UserSms_OncePerOfflineSession()
    {
        await pipeline.StartOfflineSessionAsync(User);

        var first = AgentReply();
        await pipeline.Platform.Publish(first);
        await Eventually.TrueAsync(() => SmsAbout(first).Count == 1, "the first reply's SMS to the user");
        Assert.Equal(UserPhone, QueryHelpers.ParseQuery(SmsAbout(first)[0].Body)["To"].ToString());

        var second = AgentReply();
        await pipeline.Platform.Publish(second);
        await Eventually.TrueAsync(() => Suppressed(second, Channels.Sms, AlreadyNotified), "the SMS suppression (U2)");
        Assert.True(Suppressed(second, Channels.Email, AlreadyNotified));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(SmsAbout(second));

        await pipeline.StartOfflineSessionAsync(User);
        var third = AgentReply();
        await pipeline.Platform.Publish(third);
        await Eventually.TrueAsync(() => SmsAbout(third).Count == 1, "an SMS in the next offline session");
    }

    [Fact]
    public async Task U2_ClaimSurvivesARouterRestart()
    {
        await pipeline.StartOfflineSessionAsync(User);
        var first = AgentReply();
        await pipeline.Platform.Publish(first);
        await Eventually.TrueAsync(() => EmailsAbout(first).Count == 1, "the first reply's email");

        await pipeline.RestartRouterAsync();

        var second = AgentReply();
        await pipeline.Platform.Publish(second);
        await Eventually.TrueAsync(() => Suppressed(second, Channels.Email, AlreadyNotified), "the U2 suppression after the restart");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(EmailsAbout(second));
    }

    [Fact]
    public async Task U2_HeartbeatThenDeviceTrimmed_StartsANewOfflineSession()
    {
        await pipeline.StartOfflineSessionAsync(User);
        var first = AgentReply();
        await pipeline.Platform.Publish(first);
        await Eventually.TrueAsync(() => EmailsAbout(first).Count == 1, "the first reply's email");

        // The user's browser is back for one heartbeat, written as docs/presence-and-directory.md says, and the
        // platform trims the expired entry afterwards: the devices set is empty when the next reply comes.
        var db = pipeline.Redis.GetDatabase();
        var devices = $"{pipeline.KeyPrefix}presence:{User}:devices";
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var heartbeat = db.CreateTransaction();
        _ = heartbeat.SortedSetAddAsync(devices, "ada-tab", now + 1000);
        _ = heartbeat.StringSetAsync($"{pipeline.KeyPrefix}presence:{User}:last-seen", now);
        await heartbeat.ExecuteAsync();
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > now + 1200, "the heartbeat to expire");
        await db.SortedSetRemoveRangeByScoreAsync(devices, double.NegativeInfinity, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(0, await db.SortedSetLengthAsync(devices));

        var second = AgentReply();
        await pipeline.Platform.Publish(second);
        await Eventually.TrueAsync(() => EmailsAbout(second).Count == 1, "an email in the new offline session");

        var third = AgentReply();
        await pipeline.Platform.Publish(third);
        await Eventually.TrueAsync(() => Suppressed(third, Channels.Email, AlreadyNotified), "the U2 suppression in the new session");
    }

    private static MessagePosted AgentReply() => Message(LastAgent, ParticipantRoles.Agent, Conversation, first: false);

    private bool Suppressed(MessagePosted message, string channel, string reason) =>
        pipeline.Outcomes.Suppressed.Any(s => s.MessageId == message.MessageId && s.RecipientId == User && s.Channel == channel && s.Reason == reason);

    private List<MimeMessage> EmailsAbout(MessagePosted message) =>
        pipeline.Smtp.Messages.Where(m => (m.TextBody ?? "").Contains(message.Text)).ToList();

    private List<StubRequest> SmsAbout(MessagePosted message) =>
        pipeline.Providers.Requests.Where(r => r.Path.EndsWith("/Messages.json")
            && QueryHelpers.ParseQuery(r.Body)["Body"].ToString().Contains(message.Text)).ToList();
}
