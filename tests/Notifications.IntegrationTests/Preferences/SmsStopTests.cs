using System.Net;
using System.Security.Cryptography;
using System.Text;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Preferences;

/// <summary>
/// Twilio's STOP and START through the gateway's signed webhook and the real SMS sender and router, and Twilio's error
/// 21610 on a send: each becomes the participant's opt-out (or its end), published for the platform and honoured by
/// the next decision.
/// </summary>
[Collection(PreferencesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SmsStopTests(PreferencesFixture pipeline) : IDisposable
{
    private readonly HttpClient http = new();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task STOP_texted_back_opts_the_user_out_of_SMS_and_START_opts_them_in_again()
    {
        var scenario = new PreferenceScenario(pipeline);
        await using var optOuts = await OptOutListener.StartAsync(pipeline);
        await scenario.StartAsync();
        var first = scenario.FromAgent();
        await pipeline.Platform.Publish(first);
        await scenario.SmsAsync(first, scenario.UserPhone);
        await Eventually.TrueAsync(async () => await pipeline.Redis.GetDatabase().KeyExistsAsync(pipeline.KeyPrefix + "sms-thread:" + scenario.UserPhone),
            "the SMS to be remembered for replies");

        using (var stop = await InboundAsync(scenario.UserPhone, " stop "))
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        await optOuts.WaitStoredAsync(scenario.UserId, Channels.Sms);
        var optedOut = Assert.Single(optOuts.OptedOut, o => o.ParticipantId == scenario.UserId);
        Assert.Equal((Channels.Sms, OptOutReasons.SmsStop, scenario.UserPhone), (optedOut.Channel, optedOut.Reason, optedOut.Address));
        // A keyword, not a reply for the chat.
        Assert.DoesNotContain(pipeline.Outcomes.SmsReplies, reply => reply.RecipientId == scenario.UserId);

        await pipeline.StartOfflineSessionAsync(scenario.UserId);
        var whileStopped = scenario.FromAgent();
        await pipeline.Platform.Publish(whileStopped);
        Assert.Equal("opted-out", (await scenario.SuppressionAsync(whileStopped, scenario.UserId, Channels.Sms)).Reason);
        await scenario.EmailAsync(whileStopped, scenario.UserEmail);
        Assert.False(scenario.SmsSent(whileStopped, scenario.UserPhone));

        using (var start = await InboundAsync(scenario.UserPhone, "START"))
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        await Eventually.TrueAsync(() => optOuts.OptedIn.Any(o => o.ParticipantId == scenario.UserId), "ParticipantOptedIn");
        var optedIn = Assert.Single(optOuts.OptedIn, o => o.ParticipantId == scenario.UserId);
        Assert.Equal((Channels.Sms, OptOutReasons.SmsStart), (optedIn.Channel, optedIn.Reason));
        await optOuts.WaitStoredAsync(scenario.UserId);

        await pipeline.StartOfflineSessionAsync(scenario.UserId);
        var afterStart = scenario.FromAgent();
        await pipeline.Platform.Publish(afterStart);
        await scenario.SmsAsync(afterStart, scenario.UserPhone);
    }

    [Fact]
    public async Task Twilio_error_21610_fails_the_SMS_for_good_and_records_the_opt_out()
    {
        var scenario = new PreferenceScenario(pipeline);
        await using var optOuts = await OptOutListener.StartAsync(pipeline);
        await scenario.StartAsync();
        pipeline.Providers.Plan(Uri.EscapeDataString(scenario.AgentPhone), new StubAnswer(400,
            """{"code": 21610, "message": "Attempt to send to unsubscribed recipient", "more_info": "https://www.twilio.com/docs/errors/21610", "status": 400}"""));

        var message = scenario.FromUser();
        await pipeline.Platform.Publish(message);

        await Eventually.TrueAsync(() => pipeline.Outcomes.Failed.Any(f => f.MessageId == message.MessageId && f.Channel == Channels.Sms), "NotificationFailed");
        var failed = Assert.Single(pipeline.Outcomes.Failed, f => f.MessageId == message.MessageId && f.Channel == Channels.Sms);
        Assert.True(failed.Permanent);
        Assert.Contains("21610", failed.Reason);
        await optOuts.WaitStoredAsync(scenario.AgentId, Channels.Sms);
        var optedOut = Assert.Single(optOuts.OptedOut, o => o.ParticipantId == scenario.AgentId);
        Assert.Equal((Channels.Sms, OptOutReasons.SmsBlocked, scenario.AgentPhone), (optedOut.Channel, optedOut.Reason, optedOut.Address));

        var next = scenario.FromUser();
        await pipeline.Platform.Publish(next);
        Assert.Equal("opted-out", (await scenario.SuppressionAsync(next, scenario.AgentId, Channels.Sms)).Reason);
        await PreferenceScenario.SettleAsync();
        Assert.Single(pipeline.Providers.RequestsFor(Uri.EscapeDataString(scenario.AgentPhone)));
    }

    /// <summary>An inbound SMS as Twilio posts it to the gateway, signed with the auth token over the URL and the form.</summary>
    private async Task<HttpResponseMessage> InboundAsync(string from, string body)
    {
        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
            ["AccountSid"] = PipelineFixture.TwilioAccountSid,
            ["From"] = from,
            ["To"] = PipelineFixture.TwilioFrom,
            ["Body"] = body,
        };
        var url = new Uri(pipeline.GatewayUrl, "/twilio/inbound");
        var data = new StringBuilder(url.ToString());
        foreach (var field in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            data.Append(field.Key).Append(field.Value);
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(PipelineFixture.TwilioAuthToken), Encoding.UTF8.GetBytes(data.ToString())));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return await http.SendAsync(request);
    }
}
