using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.SharedState.AddressMarks;

namespace Notifications.IntegrationTests.Preferences;

/// <summary>
/// A notification held in its delay window (3 s here) is checked against the recipient's choices again when the window
/// ends, through the real router, broker, Redis and senders: an opt-out (the <c>ParticipantOptedOut</c> of an
/// unsubscribe, an upsert with the channel <c>false</c>), a muted conversation or a bounced address that came while it
/// waited suppresses it with that reason instead of sending it.
/// </summary>
[Collection(DelayWindowCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HeldChoicesTests(DelayWindowFixture pipeline)
{
    [Fact]
    public async Task An_unsubscribe_and_a_channel_turned_off_inside_the_window_suppress_the_held_email_and_sms_as_opted_out()
    {
        var scenario = new PreferenceScenario(pipeline);
        await scenario.StartAsync();
        var message = scenario.FromUser();
        await using var optOuts = await OptOutListener.StartAsync(pipeline);

        await pipeline.Platform.Publish(message);
        await HeldAsync(scenario, message, Channels.Email, Channels.Sms);
        await pipeline.Platform.Publish(new ParticipantOptedOut
        {
            ParticipantId = scenario.AgentId, Channel = Channels.Email, Reason = OptOutReasons.Unsubscribe, At = DateTimeOffset.UtcNow,
        });
        await pipeline.Platform.Publish(scenario.Agent(new ParticipantPreferences { Channels = new ChannelPreferences { Sms = false } }));
        await optOuts.WaitStoredAsync(scenario.AgentId, Channels.Email);
        await StoredEntryContainsAsync(scenario, "\"sms\":false");

        Assert.Equal("opted-out", (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Email)).Reason);
        Assert.Equal("opted-out", (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Sms)).Reason);
        await PreferenceScenario.SettleAsync();
        Assert.False(scenario.EmailSent(message, scenario.AgentEmail));
        Assert.False(scenario.SmsSent(message, scenario.AgentPhone));
        Assert.DoesNotContain(pipeline.Outcomes.Delivered, d => d.MessageId == message.MessageId && d.RecipientId == scenario.AgentId);
    }

    [Fact]
    public async Task A_conversation_muted_inside_the_window_suppresses_its_held_notifications_as_muted()
    {
        var scenario = new PreferenceScenario(pipeline);
        await scenario.StartAsync();
        var message = scenario.FromUser();

        await pipeline.Platform.Publish(message);
        await HeldAsync(scenario, message, Channels.Email, Channels.Sms);
        await pipeline.Platform.Publish(scenario.Agent(new ParticipantPreferences { MutedConversationIds = [message.ConversationId] }));
        await StoredEntryContainsAsync(scenario, message.ConversationId);

        Assert.Equal("muted", (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Email)).Reason);
        Assert.Equal("muted", (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Sms)).Reason);
        await PreferenceScenario.SettleAsync();
        Assert.False(scenario.EmailSent(message, scenario.AgentEmail));
        Assert.False(scenario.SmsSent(message, scenario.AgentPhone));
    }

    [Fact]
    public async Task An_address_that_bounces_inside_the_window_suppresses_the_held_email_and_the_sms_still_goes()
    {
        var scenario = new PreferenceScenario(pipeline);
        await scenario.StartAsync();
        var message = scenario.FromUser();

        await pipeline.Platform.Publish(message);
        await HeldAsync(scenario, message, Channels.Email);
        // An earlier email to the same address hard-bounced (the follow-up a sender publishes from the bounce report).
        await pipeline.Platform.Publish(new NotificationFailed
        {
            NotificationId = $"earlier-{scenario.Id}", Channel = Channels.Email, RecipientId = scenario.AgentId, ConversationId = $"conv-earlier-{scenario.Id}",
            MessageId = $"msg-earlier-{scenario.Id}", Reason = "550 mailbox unavailable", Permanent = true, FailedAt = DateTimeOffset.UtcNow,
            FollowUp = true, Bounce = BounceKinds.Hard,
        });
        await Eventually.TrueAsync(async () => await pipeline.Redis.GetDatabase().HashExistsAsync(pipeline.KeyPrefix + AddressMarkStore.KeyPrefix + scenario.AgentId, Channels.Email),
            "the bounced address marked");

        Assert.Equal("address-bounced", (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Email)).Reason);
        await scenario.SmsAsync(message, scenario.AgentPhone);
        await PreferenceScenario.SettleAsync();
        Assert.False(scenario.EmailSent(message, scenario.AgentEmail));
    }

    [Fact]
    public async Task A_recipient_removed_from_the_directory_inside_the_window_is_not_notified_and_each_held_notification_says_why()
    {
        var scenario = new PreferenceScenario(pipeline);
        await scenario.StartAsync();
        var message = scenario.FromUser();

        await pipeline.Platform.Publish(message);
        await HeldAsync(scenario, message, Channels.Email, Channels.Sms);
        await pipeline.Platform.Publish(new ParticipantRemoved { ParticipantId = scenario.AgentId, At = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(async () => !await pipeline.Redis.GetDatabase().KeyExistsAsync($"{pipeline.KeyPrefix}participant:{scenario.AgentId}"),
            "the agent removed from the directory");

        Assert.Equal("recipient-removed", (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Email)).Reason);
        Assert.Equal("recipient-removed", (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Sms)).Reason);
        await PreferenceScenario.SettleAsync();
        Assert.False(scenario.EmailSent(message, scenario.AgentEmail));
        Assert.False(scenario.SmsSent(message, scenario.AgentPhone));
        Assert.DoesNotContain(pipeline.Outcomes.Delivered, d => d.MessageId == message.MessageId && d.RecipientId == scenario.AgentId);
    }

    /// <summary>The message's notifications are in their windows (decided, not yet sent).</summary>
    private Task HeldAsync(PreferenceScenario scenario, MessagePosted message, params string[] channels) =>
        Eventually.TrueAsync(async () =>
        {
            foreach (var channel in channels)
            {
                if (!await pipeline.Redis.GetDatabase().KeyExistsAsync($"{pipeline.KeyPrefix}window:{channel}:{scenario.AgentId}:{message.ConversationId}"))
                    return false;
            }
            return true;
        }, $"the {string.Join(" and ", channels)} of {message.MessageId} held in their windows");

    private Task StoredEntryContainsAsync(PreferenceScenario scenario, string text) =>
        Eventually.TrueAsync(async () => ((string?)await pipeline.Redis.GetDatabase().StringGetAsync($"{pipeline.KeyPrefix}participant:{scenario.AgentId}"))?.Contains(text) == true,
            $"the directory entry of {scenario.AgentId} updated");
}
