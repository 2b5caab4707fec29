using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router.Quiet;

namespace Notifications.IntegrationTests.Preferences;

/// <summary>
/// Quiet hours through the real router, delay ladder and SMS sender: SMS that fall into the recipient's quiet hours are
/// suppressed <c>quiet-hours</c> naming one catch-up summary, and when the quiet hours end exactly one SMS with the
/// summary's id says what was missed, with its own delivered outcome.
/// </summary>
[Collection(PreferencesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class QuietHoursPipelineTests(PreferencesFixture pipeline)
{
    private const string TimeZone = "Europe/Paris";

    [Fact]
    public async Task Two_SMS_in_quiet_hours_are_held_and_one_summary_goes_out_when_they_end()
    {
        // Quiet hours around now in the agent's time zone, ending one to two minutes from now (whole minutes).
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        var start = local.AddMinutes(-1);
        var end = local.AddMinutes(2);
        var hours = new QuietHours { Start = start.ToString("HH:mm", CultureInfo.InvariantCulture), End = end.ToString("HH:mm", CultureInfo.InvariantCulture) };
        var scenario = new PreferenceScenario(pipeline);
        await scenario.StartAsync(agent: new ParticipantPreferences { TimeZone = TimeZone, QuietHours = hours });

        var first = scenario.FromUser();
        var second = scenario.FromUser();
        await pipeline.Platform.Publish(first);
        await pipeline.Platform.Publish(second);

        var held = new[] { await scenario.SuppressionAsync(first, scenario.AgentId, Channels.Sms), await scenario.SuppressionAsync(second, scenario.AgentId, Channels.Sms) };
        Assert.All(held, s => Assert.Equal("quiet-hours", s.Reason));
        var summaryId = held[0].SummaryId;
        Assert.NotNull(summaryId);
        Assert.StartsWith($"quiet:{scenario.AgentId}:sms:", summaryId);
        Assert.Equal(summaryId, held[1].SummaryId);
        // Email is not held.
        await scenario.EmailAsync(first, scenario.AgentEmail);
        Assert.False(scenario.SmsSent(first, scenario.AgentPhone));
        Assert.Empty(SmsTo(scenario.AgentPhone));

        await Eventually.TrueAsync(() => SmsTo(scenario.AgentPhone).Count > 0, "the quiet-hours summary SMS", TimeSpan.FromMinutes(4));
        await Eventually.TrueAsync(() => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == summaryId), "the summary's delivered outcome");
        await PreferenceScenario.SettleAsync();
        var summary = Assert.Single(SmsTo(scenario.AgentPhone));
        // Worded by the SMS sender from the summary's counts.
        Assert.Equal("While you were away: 2 new messages in 2 conversations.", summary);
        Assert.False(scenario.SmsSent(first, scenario.AgentPhone));
        Assert.False(scenario.SmsSent(second, scenario.AgentPhone));
        var endUtc = new DateTime(long.Parse(summaryId![(summaryId!.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture), DateTimeKind.Utc);
        Assert.True(DateTime.UtcNow >= endUtc, "the summary went out before the quiet hours ended");
    }

    [Fact]
    public async Task Held_items_the_recipient_no_longer_wants_are_left_out_of_the_summary_and_a_summary_with_none_left_is_not_sent()
    {
        var scenario = new PreferenceScenario(pipeline);
        await StartWithPushAsync(scenario, QuietHoursEndingSoon());
        var kept = scenario.FromUser();
        var muted = scenario.FromUser();
        await using var optOuts = await OptOutListener.StartAsync(pipeline);

        await pipeline.Platform.Publish(kept);
        await pipeline.Platform.Publish(muted);
        var smsSummary = (await scenario.SuppressionAsync(kept, scenario.AgentId, Channels.Sms)).SummaryId;
        var pushSummary = (await scenario.SuppressionAsync(kept, scenario.AgentId, Channels.Push)).SummaryId;
        Assert.Equal("quiet-hours", (await scenario.SuppressionAsync(muted, scenario.AgentId, Channels.Push)).Reason);
        // While the quiet hours last: the agent texts STOP (the SMS sender's opt-out) and mutes the second conversation.
        await pipeline.Platform.Publish(new ParticipantOptedOut
        {
            ParticipantId = scenario.AgentId, Channel = Channels.Sms, Address = scenario.AgentPhone, Reason = OptOutReasons.SmsStop, At = DateTimeOffset.UtcNow,
        });
        await optOuts.WaitStoredAsync(scenario.AgentId, Channels.Sms);
        await pipeline.Platform.Publish(AgentWithPush(scenario, Preferences(QuietHoursOf(scenario)) with { MutedConversationIds = [muted.ConversationId] }));
        await Eventually.TrueAsync(async () => ((string?)await pipeline.Redis.GetDatabase().StringGetAsync($"{pipeline.KeyPrefix}participant:{scenario.AgentId}"))?.Contains(muted.ConversationId) == true,
            "the mute stored");

        await Eventually.TrueAsync(() => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == pushSummary), "the push summary's delivered outcome", TimeSpan.FromMinutes(3));
        await Eventually.TrueAsync(async () => await pipeline.Redis.GetDatabase().KeyExistsAsync($"{pipeline.KeyPrefix}quiet-done:{smsSummary}"), "the SMS summary released");
        await PreferenceScenario.SettleAsync();
        Assert.Empty(SmsTo(scenario.AgentPhone));
        Assert.DoesNotContain(pipeline.Outcomes.Delivered, d => d.NotificationId == smsSummary);
        var push = Assert.Single(PushTo(scenario.AgentId));
        Assert.Contains("\"While you were away\"", push);
        Assert.Contains("\"1 new message in 1 conversation\"", push);
    }

    [Fact]
    public async Task A_recipient_removed_from_the_directory_during_their_quiet_hours_gets_no_summary()
    {
        var scenario = new PreferenceScenario(pipeline);
        await StartWithPushAsync(scenario, QuietHoursEndingSoon());
        var message = scenario.FromUser();

        await pipeline.Platform.Publish(message);
        var smsSummary = (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Sms)).SummaryId;
        var pushSummary = (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Push)).SummaryId;
        await pipeline.Platform.Publish(new ParticipantRemoved { ParticipantId = scenario.AgentId, At = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(async () => !await pipeline.Redis.GetDatabase().KeyExistsAsync($"{pipeline.KeyPrefix}participant:{scenario.AgentId}"),
            "the agent removed from the directory");

        // Both summaries are released when the quiet hours end, and neither is sent: nobody is left to tell.
        await Eventually.TrueAsync(async () => await pipeline.Redis.GetDatabase().KeyExistsAsync($"{pipeline.KeyPrefix}quiet-done:{smsSummary}")
                                               && await pipeline.Redis.GetDatabase().KeyExistsAsync($"{pipeline.KeyPrefix}quiet-done:{pushSummary}"),
            "both summaries released", TimeSpan.FromMinutes(3));
        await PreferenceScenario.SettleAsync();
        Assert.Empty(SmsTo(scenario.AgentPhone));
        Assert.Empty(PushTo(scenario.AgentId));
        Assert.DoesNotContain(pipeline.Outcomes.Delivered, d => d.NotificationId == smsSummary || d.NotificationId == pushSummary);
    }

    [Fact]
    public async Task Push_held_in_quiet_hours_goes_out_as_one_push_summary_with_its_own_outcome_when_they_end()
    {
        var scenario = new PreferenceScenario(pipeline);
        await StartWithPushAsync(scenario, QuietHoursEndingSoon());
        var first = scenario.FromUser();
        var second = scenario.FromUser();

        await pipeline.Platform.Publish(first);
        await pipeline.Platform.Publish(second);
        var held = new[] { await scenario.SuppressionAsync(first, scenario.AgentId, Channels.Push), await scenario.SuppressionAsync(second, scenario.AgentId, Channels.Push) };
        Assert.All(held, s => Assert.Equal("quiet-hours", s.Reason));
        var summaryId = held[0].SummaryId;
        Assert.StartsWith($"quiet:{scenario.AgentId}:push:", summaryId);
        Assert.Equal(summaryId, held[1].SummaryId);
        Assert.Empty(PushTo(scenario.AgentId));

        await Eventually.TrueAsync(() => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == summaryId && d.Channel == Channels.Push),
            "the push summary's delivered outcome", TimeSpan.FromMinutes(3));
        await PreferenceScenario.SettleAsync();
        var push = Assert.Single(PushTo(scenario.AgentId));
        // Worded by the push sender: its title and its body.
        Assert.Contains("\"While you were away\"", push);
        Assert.Contains("\"2 new messages in 2 conversations\"", push);
        Assert.DoesNotContain(first.Text, push);
        Assert.Single(pipeline.Outcomes.Delivered, d => d.NotificationId == summaryId);
        Assert.DoesNotContain(pipeline.Outcomes.Delivered, d => d.Channel == Channels.Push && (d.MessageId == first.MessageId || d.MessageId == second.MessageId));
        var endUtc = new DateTime(long.Parse(summaryId![(summaryId!.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture), DateTimeKind.Utc);
        Assert.True(DateTime.UtcNow >= endUtc, "the summary went out before the quiet hours ended");
    }

    [Fact]
    public async Task A_router_stopped_after_taking_a_due_summary_and_before_sending_it_leaves_it_to_the_next_router_which_sends_it_once()
    {
        var stopHere = new StopAfterTake();
        await pipeline.RestartRouterAsync(services => services.AddSingleton<IQuietSummaryTakenHook>(stopHere));
        var hooked = true;
        try
        {
            // SMS alone (no push device): one summary, the one the hook stops.
            var scenario = new PreferenceScenario(pipeline);
            await scenario.StartAsync(agent: Preferences(QuietHoursEndingSoon()));
            var message = scenario.FromUser();
            await pipeline.Platform.Publish(message);
            var summaryId = (await scenario.SuppressionAsync(message, scenario.AgentId, Channels.Sms)).SummaryId;

            var taken = await stopHere.Taken.Task.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal(summaryId, taken);
            Assert.True(await pipeline.Redis.GetDatabase().KeyExistsAsync($"{pipeline.KeyPrefix}quiet-taken:{summaryId}"), "the taken summary kept until its command is out");
            Assert.Empty(SmsTo(scenario.AgentPhone));

            // The router stops there (its consumer cut short, the note not acknowledged); a new one takes the note over.
            await pipeline.RestartRouterAsync();
            hooked = false;

            await Eventually.TrueAsync(() => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == summaryId), "the summary's delivered outcome", TimeSpan.FromMinutes(1));
            await PreferenceScenario.SettleAsync();
            var summary = Assert.Single(SmsTo(scenario.AgentPhone));
            Assert.Equal("While you were away: 1 new message in 1 conversation.", summary);
            Assert.Single(pipeline.Outcomes.Delivered, d => d.NotificationId == summaryId);
            Assert.True(await pipeline.Redis.GetDatabase().KeyExistsAsync($"{pipeline.KeyPrefix}quiet-done:{summaryId}"), "the summary recorded as sent");
        }
        finally
        {
            // Whatever happened, the next test has a router without the hook.
            if (hooked)
                await pipeline.RestartRouterAsync();
        }
    }

    /// <summary>Blocks the release after its take until the router stops (its consumer's token is cancelled), as a crash there would.</summary>
    private sealed class StopAfterTake : IQuietSummaryTakenHook
    {
        public TaskCompletionSource<string> Taken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task TakenAsync(string summaryId, CancellationToken cancellationToken)
        {
            Taken.TrySetResult(summaryId);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    /// <summary>Quiet hours around now in <see cref="TimeZone"/>, ending at the next whole minute at least 20 s away (quiet hours are whole minutes).</summary>
    private static QuietHours QuietHoursEndingSoon()
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
        var soon = local.AddSeconds(20);
        var end = new DateTimeOffset(soon.Year, soon.Month, soon.Day, soon.Hour, soon.Minute, 0, soon.Offset).AddMinutes(1);
        return new QuietHours { Start = local.AddMinutes(-1).ToString("HH:mm", CultureInfo.InvariantCulture), End = end.ToString("HH:mm", CultureInfo.InvariantCulture) };
    }

    private readonly Dictionary<string, QuietHours> hoursOf = new();

    private QuietHours QuietHoursOf(PreferenceScenario scenario) => hoursOf[scenario.Id];

    private static ParticipantPreferences Preferences(QuietHours hours) => new() { TimeZone = TimeZone, QuietHours = hours };

    /// <summary>The scenario's agent with a push device of their own as well as an email and a phone.</summary>
    private static ParticipantUpserted AgentWithPush(PreferenceScenario scenario, ParticipantPreferences preferences) =>
        scenario.Agent(preferences) with { PushDevices = [new PushDevice { DeviceId = $"device-{scenario.Id}", Platform = PushPlatforms.Android }] };

    private async Task StartWithPushAsync(PreferenceScenario scenario, QuietHours hours)
    {
        hoursOf[scenario.Id] = hours;
        await pipeline.Platform.Publish(scenario.User());
        await pipeline.Platform.Publish(AgentWithPush(scenario, Preferences(hours)));
        await pipeline.WaitForParticipantsAsync(scenario.UserId, scenario.AgentId);
    }

    /// <summary>The text of each push the stub received for the recipient (OneSignal addresses them by external id).</summary>
    private List<string> PushTo(string recipientId) => pipeline.Providers.Requests
        .Where(r => r.Path.EndsWith("/notifications") && r.Body.Contains($"\"{recipientId}\""))
        .Select(r => r.Body)
        .ToList();

    private List<string> SmsTo(string phone) => pipeline.Providers.Requests
        .Where(r => r.Path.EndsWith("/Messages.json"))
        .Select(r => QueryHelpers.ParseQuery(r.Body))
        .Where(form => form["To"].ToString() == phone)
        .Select(form => form["Body"].ToString())
        .ToList();
}
