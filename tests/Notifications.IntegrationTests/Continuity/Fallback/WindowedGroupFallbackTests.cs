using Microsoft.AspNetCore.WebUtilities;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.Continuity.Fallback.FallbackScenario;

namespace Notifications.IntegrationTests.Continuity.Fallback;

/// <summary>
/// Two messages of one conversation fall into one delay window, each with its SMS held beside the window's grouped
/// email (<c>Sms:Mode=Fallback</c>). However the grouped email ends without reaching the reader, every held SMS ends
/// in an outcome: one SMS for the window that says how many (each held notification's fallback id delivered by it),
/// or a suppression of each naming why. Through the real router, senders, broker and Redis.
/// </summary>
[Collection(WindowedSmsFallbackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class WindowedGroupFallbackTests(WindowedSmsFallbackFixture pipeline)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_grouped_email_opted_out_of_sends_one_sms_for_every_message_of_its_window()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var (first, second) = await TwoInOneWindowAsync(scenario);
        await pipeline.Platform.Publish(scenario.Agent() with { Preferences = new ParticipantPreferences { Channels = new ChannelPreferences { Email = false } } });
        await StoredEntryContainsAsync(scenario, "\"email\":false");

        Assert.Equal("opted-out", (await scenario.SuppressionAsync(first, scenario.AgentId, Channels.Email)).Reason);
        Assert.Equal("opted-out", (await scenario.SuppressionAsync(second, scenario.AgentId, Channels.Email)).Reason);
        var firstSms = await scenario.DeliveredAsync(FallbackIdOf(first, scenario.AgentId, Channels.Sms));
        var secondSms = await scenario.DeliveredAsync(FallbackIdOf(second, scenario.AgentId, Channels.Sms));
        Assert.Equal(IdOf(first, scenario.AgentId, Channels.Email), firstSms.FallbackOf);
        Assert.Equal(IdOf(first, scenario.AgentId, Channels.Email), secondSms.FallbackOf);
        await OneSmsForBothAsync(scenario, second);
    }

    [Fact]
    public async Task A_grouped_email_opted_out_of_with_sms_opted_out_too_ends_every_held_sms_as_opted_out()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var (first, second) = await TwoInOneWindowAsync(scenario);
        await pipeline.Platform.Publish(scenario.Agent() with { Preferences = new ParticipantPreferences { Channels = new ChannelPreferences { Email = false, Sms = false } } });
        await StoredEntryContainsAsync(scenario, "\"sms\":false");

        Assert.Equal("opted-out", (await scenario.SuppressionAsync(first, scenario.AgentId, Channels.Email)).Reason);
        Assert.Equal("opted-out", (await SuppressedAsync(IdOf(first, scenario.AgentId, Channels.Sms))).Reason);
        Assert.Equal("opted-out", (await SuppressedAsync(IdOf(second, scenario.AgentId, Channels.Sms))).Reason);
        await Task.Delay(Settle);
        Assert.Empty(scenario.AnySmsTo(scenario.AgentPhone));
    }

    [Fact]
    public async Task A_grouped_email_rejected_for_good_sends_one_sms_for_every_message_it_answered_for()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var first = scenario.FromUser();
        scenario.RejectEmailAbout(first);
        var (_, second) = await TwoInOneWindowAsync(scenario, first);

        Assert.True((await scenario.FailedAsync(IdOf(first, scenario.AgentId, Channels.Email))).Permanent);
        Assert.True((await scenario.FailedAsync(IdOf(second, scenario.AgentId, Channels.Email))).Permanent);
        var firstSms = await scenario.DeliveredAsync(FallbackIdOf(first, scenario.AgentId, Channels.Sms));
        var secondSms = await scenario.DeliveredAsync(FallbackIdOf(second, scenario.AgentId, Channels.Sms));
        // Each id of the grouped email failed; the one whose failure the router took first is what the SMS stands in for.
        Assert.Contains(firstSms.FallbackOf, new[] { IdOf(first, scenario.AgentId, Channels.Email), IdOf(second, scenario.AgentId, Channels.Email) });
        Assert.Equal(firstSms.FallbackOf, secondSms.FallbackOf);
        await OneSmsForBothAsync(scenario, second);
    }

    [Fact]
    public async Task A_grouped_email_rejected_for_good_with_sms_opted_out_ends_every_held_sms_as_opted_out()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var first = scenario.FromUser();
        scenario.RejectEmailAbout(first);
        var (_, second) = await TwoInOneWindowAsync(scenario, first);
        // While the window is open: the email still goes (and is rejected), the SMS it falls back to is opted out of.
        await pipeline.Platform.Publish(scenario.Agent() with { Preferences = new ParticipantPreferences { Channels = new ChannelPreferences { Sms = false } } });
        await StoredEntryContainsAsync(scenario, "\"sms\":false");

        await scenario.FailedAsync(IdOf(second, scenario.AgentId, Channels.Email));
        Assert.Equal("opted-out", (await SuppressedAsync(IdOf(first, scenario.AgentId, Channels.Sms))).Reason);
        Assert.Equal("opted-out", (await SuppressedAsync(IdOf(second, scenario.AgentId, Channels.Sms))).Reason);
        await Task.Delay(Settle);
        Assert.Empty(scenario.AnySmsTo(scenario.AgentPhone));
    }

    /// <summary>Two messages of one conversation, both routed while the email's window is open, each SMS held beside it.</summary>
    private async Task<(MessagePosted First, MessagePosted Second)> TwoInOneWindowAsync(FallbackScenario scenario, MessagePosted? first = null)
    {
        first ??= scenario.FromUser();
        // Row A5: a later message of the same conversation, no agent has answered yet: notified as the first (A1).
        var later = scenario.FromUser();
        var second = later with { ConversationId = first.ConversationId, IsFirstMessage = false, Conversation = first.Conversation, PostedAt = first.PostedAt.AddMilliseconds(10) };
        await pipeline.Platform.Publish(first);
        await pipeline.Platform.Publish(second);
        foreach (var message in new[] { first, second })
        {
            var routed = await scenario.RoutedAsync(message);
            Assert.Contains(routed.Held, held => held.NotificationId == IdOf(message, scenario.AgentId, Channels.Email) && held.Reason == "window");
            Assert.Contains(routed.HeldForFallback, held => held.NotificationId == IdOf(message, scenario.AgentId, Channels.Sms));
        }
        return (first, second);
    }

    /// <summary>One SMS went to the agent for the window: it says how many and shows the latest message.</summary>
    private async Task OneSmsForBothAsync(FallbackScenario scenario, MessagePosted latest)
    {
        await Task.Delay(Settle);
        var sms = Assert.Single(scenario.AnySmsTo(scenario.AgentPhone));
        var body = QueryHelpers.ParseQuery(sms.Body)["Body"].ToString();
        Assert.StartsWith("2 new messages. ", body);
        Assert.Contains(latest.Text[..20], body);
    }

    private async Task<NotificationSuppressed> SuppressedAsync(string notificationId)
    {
        NotificationSuppressed? found = null;
        await Eventually.TrueAsync(() => (found = pipeline.Outcomes.Suppressed.FirstOrDefault(s => s.NotificationId == notificationId)) is not null,
            $"NotificationSuppressed for {notificationId}");
        return found!;
    }

    private Task StoredEntryContainsAsync(FallbackScenario scenario, string text) =>
        Eventually.TrueAsync(async () => ((string?)await pipeline.Redis.GetDatabase().StringGetAsync($"{pipeline.KeyPrefix}participant:{scenario.AgentId}"))?.Contains(text) == true,
            $"the directory entry of {scenario.AgentId} updated");
}
