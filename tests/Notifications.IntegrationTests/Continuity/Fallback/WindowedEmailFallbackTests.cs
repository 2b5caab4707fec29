using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.Continuity.Fallback.FallbackScenario;

namespace Notifications.IntegrationTests.Continuity.Fallback;

/// <summary><c>Sms:Mode=Fallback</c> with the email in a 3 s delay window: the SMS is held beside a grouped email.</summary>
public sealed class WindowedSmsFallbackFixture() : FallbackFixture("Fallback")
{
    public const int WindowSeconds = 3;

    protected override void Configure(Dictionary<string, string?> configuration) =>
        configuration["Email:DelaySeconds"] = WindowSeconds.ToString();
}

[CollectionDefinition(Name)]
public sealed class WindowedSmsFallbackCollection : ICollectionFixture<WindowedSmsFallbackFixture>
{
    public const string Name = "windowed-sms-fallback";
}

/// <summary>
/// An email suppressed when its delay window ends never goes, so no failure of it will ever send the SMS held beside it.
/// Through the real router, senders, broker and Redis: read before the window ended, the held SMS ends as <c>seen</c>
/// with it (and is dropped, not left to expire); the email opted out of, the SMS goes at once as its fallback; the
/// conversation muted, the SMS ends as <c>muted</c>; the recipient removed, as <c>recipient-removed</c>.
/// </summary>
[Collection(WindowedSmsFallbackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class WindowedEmailFallbackTests(WindowedSmsFallbackFixture pipeline)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_grouped_email_seen_in_its_window_drops_its_held_sms_as_seen()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var message = scenario.FromUser();

        await pipeline.Platform.Publish(message);
        await HeldBesideWindowedEmailAsync(scenario, message);
        await pipeline.Platform.Publish(new ConversationSeen { ParticipantId = scenario.AgentId, ConversationId = message.ConversationId, SeenAt = DateTimeOffset.UtcNow });

        Assert.Equal("seen", (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Email)).Reason);
        var sms = await SuppressedAsync(IdOf(message, scenario.AgentId, Channels.Sms));
        Assert.Equal("seen", sms.Reason);
        Assert.Equal(Channels.Sms, sms.Channel);
        Assert.False(await pipeline.Redis.GetDatabase().HashExistsAsync(HoldOf(scenario, message), Channels.Sms), "the held SMS dropped, not left to expire");
        await Task.Delay(Settle);
        Assert.Empty(scenario.AnySmsTo(scenario.AgentPhone));
        Assert.Empty(scenario.Emails(message, scenario.AgentEmail));
    }

    [Fact]
    public async Task A_grouped_email_opted_out_of_in_its_window_sends_its_held_sms_at_once_as_its_fallback()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var message = scenario.FromUser();
        var emailId = IdOf(message, scenario.AgentId, Channels.Email);

        await pipeline.Platform.Publish(message);
        await HeldBesideWindowedEmailAsync(scenario, message);
        await pipeline.Platform.Publish(scenario.Agent() with { Preferences = new ParticipantPreferences { Channels = new ChannelPreferences { Email = false } } });
        await StoredEntryContainsAsync(scenario, "\"email\":false");

        Assert.Equal("opted-out", (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Email)).Reason);
        var sms = await scenario.DeliveredAsync(FallbackIdOf(message, scenario.AgentId, Channels.Sms));
        Assert.Equal(emailId, sms.FallbackOf);
        await Task.Delay(Settle);
        Assert.Single(scenario.SmsTo(scenario.AgentPhone, message));
        Assert.Empty(scenario.Emails(message, scenario.AgentEmail));
    }

    [Fact]
    public async Task A_grouped_email_whose_conversation_is_muted_in_its_window_ends_its_held_sms_as_muted()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var message = scenario.FromUser();

        await pipeline.Platform.Publish(message);
        await HeldBesideWindowedEmailAsync(scenario, message);
        await pipeline.Platform.Publish(scenario.Agent() with { Preferences = new ParticipantPreferences { MutedConversationIds = [message.ConversationId] } });
        await StoredEntryContainsAsync(scenario, message.ConversationId);

        Assert.Equal("muted", (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Email)).Reason);
        Assert.Equal("muted", (await SuppressedAsync(IdOf(message, scenario.AgentId, Channels.Sms))).Reason);
        await Task.Delay(Settle);
        Assert.Empty(scenario.AnySmsTo(scenario.AgentPhone));
    }

    [Fact]
    public async Task A_recipient_removed_while_the_email_waits_gets_neither_it_nor_its_held_sms()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var message = scenario.FromUser();

        await pipeline.Platform.Publish(message);
        await HeldBesideWindowedEmailAsync(scenario, message);
        await pipeline.Platform.Publish(new ParticipantRemoved { ParticipantId = scenario.AgentId, At = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(async () => !await pipeline.Redis.GetDatabase().KeyExistsAsync($"{pipeline.KeyPrefix}participant:{scenario.AgentId}"),
            "the agent removed from the directory");

        Assert.Equal("recipient-removed", (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Email)).Reason);
        Assert.Equal("recipient-removed", (await SuppressedAsync(IdOf(message, scenario.AgentId, Channels.Sms))).Reason);
        await Task.Delay(Settle);
        Assert.Empty(scenario.AnySmsTo(scenario.AgentPhone));
        Assert.Empty(scenario.Emails(message, scenario.AgentEmail));
    }

    /// <summary>The email waits in its window, the SMS is held beside it for a fallback.</summary>
    private async Task HeldBesideWindowedEmailAsync(FallbackScenario scenario, MessagePosted message)
    {
        var routed = await scenario.RoutedAsync(message);
        Assert.Contains(routed.Held, held => held.NotificationId == IdOf(message, scenario.AgentId, Channels.Email) && held.Reason == "window");
        Assert.Contains(routed.HeldForFallback, held => held.NotificationId == IdOf(message, scenario.AgentId, Channels.Sms));
        Assert.True(await pipeline.Redis.GetDatabase().HashExistsAsync(HoldOf(scenario, message), Channels.Sms), "the SMS held for the email's fallback");
    }

    private string HoldOf(FallbackScenario scenario, MessagePosted message) => $"{pipeline.KeyPrefix}fallback:{message.MessageId}:{scenario.AgentId}";

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
