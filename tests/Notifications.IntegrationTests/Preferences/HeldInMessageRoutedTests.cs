using System.Globalization;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Preferences;

/// <summary>
/// <c>MessageRouted.held</c> through the real router and broker: a notification held in its delay window (3 s here) is
/// listed with reason <c>window</c> and the window's end, not among the notifications sent.
/// </summary>
[Collection(DelayWindowCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HeldInMessageRoutedWindowTests(DelayWindowFixture pipeline)
{
    [Fact]
    public async Task Notifications_in_a_delay_window_are_listed_as_held_until_the_window_ends()
    {
        var scenario = new PreferenceScenario(pipeline);
        await scenario.StartAsync();
        var first = scenario.FromUser();
        var second = scenario.FromUser(first.ConversationId);
        var before = DateTimeOffset.UtcNow;

        await pipeline.Platform.Publish(first);
        var routed = await HeldRouting.RoutedAsync(pipeline, first);
        await pipeline.Platform.Publish(second);
        var joined = await HeldRouting.RoutedAsync(pipeline, second);

        foreach (var channel in new[] { Channels.Email, Channels.Sms })
        {
            var held = Assert.Single(routed.Held, h => h.RecipientId == scenario.AgentId && h.Channel == channel);
            Assert.Equal("window", held.Reason);
            Assert.Equal(HeldRouting.IdOf(first, scenario.AgentId, channel), held.NotificationId);
            Assert.InRange(held.Until, before.AddSeconds(DelayWindowFixture.WindowSeconds - 1), DateTimeOffset.UtcNow.AddSeconds(DelayWindowFixture.WindowSeconds + 1));
            Assert.DoesNotContain(routed.Notifications, n => n.RecipientId == scenario.AgentId && n.Channel == channel);
            // The second message joins the window the first opened: it ends when that one does, not a window later.
            var joining = Assert.Single(joined.Held, h => h.RecipientId == scenario.AgentId && h.Channel == channel);
            Assert.Equal(held.Until, joining.Until);
        }
        // The desktop notification never waits.
        Assert.DoesNotContain(routed.Held, h => h.Channel == Channels.Realtime);
    }
}

/// <summary>
/// <c>MessageRouted.held</c> for quiet hours, through the real router and broker: an SMS held in the recipient's quiet
/// hours is listed with reason <c>quiet-hours</c> until they end, while the email (never held) is among those sent.
/// </summary>
[Collection(PreferencesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HeldInMessageRoutedQuietHoursTests(PreferencesFixture pipeline)
{
    [Fact]
    public async Task An_sms_in_quiet_hours_is_listed_as_held_until_they_end_and_the_email_as_sent()
    {
        const string timeZone = "Europe/Paris";
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        var hours = new QuietHours { Start = local.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture), End = local.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture) };
        var scenario = new PreferenceScenario(pipeline);
        await scenario.StartAsync(agent: new ParticipantPreferences { TimeZone = timeZone, QuietHours = hours });
        var message = scenario.FromUser();

        await pipeline.Platform.Publish(message);
        var routed = await HeldRouting.RoutedAsync(pipeline, message);
        var suppressed = await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Sms);

        var held = Assert.Single(routed.Held, h => h.RecipientId == scenario.AgentId);
        Assert.Equal(Channels.Sms, held.Channel);
        Assert.Equal("quiet-hours", held.Reason);
        Assert.Equal(HeldRouting.IdOf(message, scenario.AgentId, Channels.Sms), held.NotificationId);
        // The summary's id ends with the quiet hours' end in UTC ticks: the same instant.
        var endTicks = long.Parse(suppressed.SummaryId![(suppressed.SummaryId!.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        Assert.Equal(endTicks, held.Until.UtcTicks);
        Assert.InRange(held.Until, DateTimeOffset.UtcNow.AddMinutes(58), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Contains(routed.Notifications, n => n.RecipientId == scenario.AgentId && n.Channel == Channels.Email);
        Assert.DoesNotContain(routed.Notifications, n => n.RecipientId == scenario.AgentId && n.Channel == Channels.Sms);
    }
}

internal static class HeldRouting
{
    public static async Task<MessageRouted> RoutedAsync(PipelineFixture pipeline, MessagePosted message)
    {
        MessageRouted? found = null;
        await Eventually.TrueAsync(() => (found = pipeline.Outcomes.Routed.FirstOrDefault(r => r.MessageId == message.MessageId)) is not null,
            $"MessageRouted for {message.MessageId}");
        return found!;
    }

    /// <summary>The router's notification id: message, recipient and channel.</summary>
    public static string IdOf(MessagePosted message, string recipientId, string channel) => $"{message.MessageId}:{recipientId}:{channel}";
}
