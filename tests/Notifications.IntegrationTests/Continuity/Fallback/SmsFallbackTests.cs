using Microsoft.AspNetCore.WebUtilities;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.Continuity.Fallback.FallbackScenario;

namespace Notifications.IntegrationTests.Continuity.Fallback;

/// <summary>
/// The other way: an SMS that failed for good falls back to email when no email went out for that message (U2: the user
/// had their email of this offline session already), once, with <c>fallbackOf</c>.
/// </summary>
[Collection(SmsAlwaysCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SmsFallbackTests(SmsAlwaysFixture pipeline)
{
    [Fact]
    public async Task An_sms_refused_for_good_with_no_email_for_that_message_falls_back_to_one_email()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();

        // The user's email of this offline session, while they had no phone number.
        var first = scenario.FromAgent();
        await pipeline.Platform.Publish(first);
        await scenario.EmailAsync(first, scenario.UserEmail);

        // The platform adds a number Twilio cannot text (error 21211, permanent).
        await pipeline.Platform.Publish(scenario.User(phone: scenario.UserPhone));
        await Eventually.TrueAsync(async () =>
            ((string?)await pipeline.Redis.GetDatabase().StringGetAsync(pipeline.KeyPrefix + "participant:" + scenario.UserId))!.Contains(scenario.UserPhone[1..]),
            "the phone number to be stored");
        pipeline.Providers.Plan(Uri.EscapeDataString(scenario.UserPhone), new StubAnswer(400,
            $$"""{"code":21211,"message":"The 'To' number {{scenario.UserPhone}} is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}"""));

        var second = scenario.FromAgent() with { Conversation = first.Conversation, ConversationId = first.ConversationId };
        await pipeline.Platform.Publish(second);

        Assert.Equal("already-notified-this-session", (await scenario.SuppressionAsync(second, scenario.UserId, Channels.Email)).Reason);
        var smsId = IdOf(second, scenario.UserId, Channels.Sms);
        Assert.True((await scenario.FailedAsync(smsId)).Permanent);
        var email = await scenario.DeliveredAsync(FallbackIdOf(second, scenario.UserId, Channels.Email));
        Assert.Equal(smsId, email.FallbackOf);
        await scenario.EmailAsync(second, scenario.UserEmail);

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(scenario.Emails(second, scenario.UserEmail));
        Assert.Single(scenario.Emails(first, scenario.UserEmail));
        Assert.Single(scenario.SmsTo(scenario.UserPhone, second));
    }
}
