using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;

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
        Assert.Contains("2 new messages in 2 conversations", summary);
        Assert.False(scenario.SmsSent(first, scenario.AgentPhone));
        Assert.False(scenario.SmsSent(second, scenario.AgentPhone));
        var endUtc = new DateTime(long.Parse(summaryId![(summaryId.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture), DateTimeKind.Utc);
        Assert.True(DateTime.UtcNow >= endUtc, "the summary went out before the quiet hours ended");
    }

    private List<string> SmsTo(string phone) => pipeline.Providers.Requests
        .Where(r => r.Path.EndsWith("/Messages.json"))
        .Select(r => QueryHelpers.ParseQuery(r.Body))
        .Where(form => form["To"].ToString() == phone)
        .Select(form => form["Body"].ToString())
        .ToList();
}
