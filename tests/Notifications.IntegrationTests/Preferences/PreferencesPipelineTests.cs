using Notifications.Contracts;

namespace Notifications.IntegrationTests.Preferences;

/// <summary>
/// Each preference of <c>ParticipantUpserted.preferences</c>, through the real router and senders: a channel turned off
/// is suppressed <c>opted-out</c> while the others go, a muted conversation reaches the recipient on no channel, and an
/// opt-out stays through an upsert without preferences until the platform sends the channel <c>true</c>.
/// </summary>
[Collection(PreferencesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PreferencesPipelineTests(PreferencesFixture pipeline)
{
    [Fact]
    public async Task A_channel_turned_off_is_suppressed_opted_out_and_the_email_still_goes()
    {
        var scenario = new PreferenceScenario(pipeline);
        await scenario.StartAsync(agent: new ParticipantPreferences { Channels = new ChannelPreferences { Sms = false } });

        var message = scenario.FromUser();
        await pipeline.Platform.Publish(message);

        var sms = await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Sms);
        Assert.Equal("opted-out", sms.Reason);
        Assert.Equal("A1", sms.Rule);
        var email = await scenario.EmailAsync(message, scenario.AgentEmail);
        // The help desk's own staff get no unsubscribe link.
        Assert.Null(email.Headers["List-Unsubscribe"]);
        Assert.Null(email.Headers["List-Unsubscribe-Post"]);
        await PreferenceScenario.SettleAsync();
        Assert.False(scenario.SmsSent(message, scenario.AgentPhone));
    }

    [Fact]
    public async Task A_muted_conversation_notifies_on_no_channel_and_another_conversation_still_does()
    {
        var scenario = new PreferenceScenario(pipeline);
        var mutedConversation = $"conv-muted-{scenario.Id}";
        await scenario.StartAsync(agent: new ParticipantPreferences { MutedConversationIds = [mutedConversation] });

        var muted = scenario.FromUser(mutedConversation);
        await pipeline.Platform.Publish(muted);
        Assert.Equal("muted", (await scenario.SuppressionAsync(muted, scenario.AgentId, Channels.Email)).Reason);
        Assert.Equal("muted", (await scenario.SuppressionAsync(muted, scenario.AgentId, Channels.Sms)).Reason);

        var other = scenario.FromUser();
        await pipeline.Platform.Publish(other);
        await scenario.EmailAsync(other, scenario.AgentEmail);
        await scenario.SmsAsync(other, scenario.AgentPhone);
        Assert.False(scenario.EmailSent(muted, scenario.AgentEmail));
        Assert.False(scenario.SmsSent(muted, scenario.AgentPhone));
    }

    [Fact]
    public async Task An_opt_out_survives_an_upsert_without_preferences_and_ends_when_the_platform_sends_true()
    {
        var scenario = new PreferenceScenario(pipeline);
        await using var optOuts = await OptOutListener.StartAsync(pipeline);
        await scenario.StartAsync();
        // As the gateway publishes an unsubscribe.
        await pipeline.Platform.Publish(new ParticipantOptedOut
        {
            ParticipantId = scenario.AgentId, Channel = Channels.Email, Reason = OptOutReasons.Unsubscribe, At = DateTimeOffset.UtcNow,
        });
        await optOuts.WaitStoredAsync(scenario.AgentId, Channels.Email);

        await pipeline.Platform.Publish(scenario.Agent() with { Name = "Kim renamed " + scenario.Id });
        await Infrastructure.Eventually.TrueAsync(async () =>
            ((string?)await pipeline.Redis.GetDatabase().StringGetAsync(pipeline.KeyPrefix + "participant:" + scenario.AgentId))!.Contains("renamed"),
            "the upsert without preferences to be stored");
        Assert.Equal([Channels.Email], await optOuts.StoredAsync(scenario.AgentId));
        var stillOut = scenario.FromUser();
        await pipeline.Platform.Publish(stillOut);
        Assert.Equal("opted-out", (await scenario.SuppressionAsync(stillOut, scenario.AgentId, Channels.Email)).Reason);

        await pipeline.Platform.Publish(scenario.Agent(new ParticipantPreferences { Channels = new ChannelPreferences { Email = true } }));
        await optOuts.WaitStoredAsync(scenario.AgentId);
        var backIn = scenario.FromUser();
        await pipeline.Platform.Publish(backIn);
        await scenario.EmailAsync(backIn, scenario.AgentEmail);
        Assert.False(scenario.EmailSent(stillOut, scenario.AgentEmail));
    }

    [Fact]
    public async Task An_erased_participant_created_again_with_the_same_address_is_still_opted_out()
    {
        var scenario = new PreferenceScenario(pipeline);
        await using var optOuts = await OptOutListener.StartAsync(pipeline);
        await scenario.StartAsync();
        await pipeline.Platform.Publish(new ParticipantOptedOut
        {
            ParticipantId = scenario.AgentId, Channel = Channels.Email, Reason = OptOutReasons.Unsubscribe, At = DateTimeOffset.UtcNow,
        });
        await optOuts.WaitStoredAsync(scenario.AgentId, Channels.Email);

        await pipeline.Platform.Publish(new ParticipantRemoved { ParticipantId = scenario.AgentId, Erase = true });
        var db = pipeline.Redis.GetDatabase();
        await Infrastructure.Eventually.TrueAsync(async () => !await db.KeyExistsAsync(pipeline.KeyPrefix + "participant:" + scenario.AgentId)
            && (await optOuts.StoredAsync(scenario.AgentId)).Length == 0, "the erase");
        // Nothing names the participant any more: only the hash of the address is kept with the opt-out.
        var kept = await db.HashKeysAsync(pipeline.KeyPrefix + "opted-out-addresses");
        Assert.DoesNotContain(kept, field => ((string)field!).Contains(scenario.AgentEmail) || ((string)field!).Contains(scenario.AgentId));

        // The platform creates them again, under a new id, with the same address.
        var again = scenario.Agent() with { ParticipantId = scenario.AgentId + "-again" };
        await pipeline.Platform.Publish(again);
        await pipeline.WaitForParticipantsAsync(again.ParticipantId);
        await optOuts.WaitStoredAsync(again.ParticipantId, Channels.Email);
        var message = scenario.FromUser();
        await pipeline.Platform.Publish(message);
        Assert.Equal("opted-out", (await scenario.SuppressionAsync(message, again.ParticipantId, Channels.Email)).Reason);
        await scenario.SmsAsync(message, scenario.AgentPhone);
        Assert.False(scenario.EmailSent(message, scenario.AgentEmail));
    }
}
