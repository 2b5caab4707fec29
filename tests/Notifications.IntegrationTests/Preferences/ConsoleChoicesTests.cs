using System.Net;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Preferences;

/// <summary>The console's delivery log shows a participant's preferences and opt-outs, looked up by their id or by an address.</summary>
[Collection(PreferencesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ConsoleChoicesTests(PreferencesFixture pipeline) : IDisposable
{
    private readonly HttpClient console = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = pipeline.AdminUrl,
    };

    public void Dispose() => console.Dispose();

    [Fact]
    public async Task The_delivery_log_of_a_participant_shows_their_preferences_and_opt_outs_and_an_address_its_opt_out()
    {
        var scenario = new PreferenceScenario(pipeline);
        await using var optOuts = await OptOutListener.StartAsync(pipeline);
        await scenario.StartAsync(user: new ParticipantPreferences
        {
            Channels = new ChannelPreferences { Push = false },
            MutedConversationIds = ["conv-noisy"],
            TimeZone = "Europe/Paris",
            QuietHours = new QuietHours { Start = "22:00", End = "07:00" },
        });
        await pipeline.Platform.Publish(new ParticipantOptedOut
        {
            ParticipantId = scenario.UserId, Channel = Channels.Sms, Address = scenario.UserPhone, Reason = OptOutReasons.SmsStop, At = DateTimeOffset.UtcNow,
        });
        await optOuts.WaitStoredAsync(scenario.UserId, Channels.Sms);
        var token = ConsoleClient.AntiforgeryTokenOf(await console.GetStringAsync("/console/sign-in"));
        var signIn = await console.PostAsync("/console/sign-in", new FormUrlEncodedContent(
            [new("__csrf", token), new("returnUrl", ""), new("secret", PipelineFixture.AdminApiKey)]));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var byId = await console.GetStringAsync($"/console/log?recipient={Uri.EscapeDataString(scenario.UserId)}");
        Assert.Contains("id=\"participant-choices\"", byId);
        Assert.Contains("<dt>Push</dt><dd>off</dd>", byId);
        Assert.Contains("<dt>Email</dt><dd>on (not given)</dd>", byId);
        Assert.Contains("conv-noisy", byId);
        Assert.Contains("Europe/Paris", byId);
        Assert.Contains("22:00 to 07:00", byId);
        Assert.Contains("<td>sms</td><td>sms-stop</td>", byId);

        var byAddress = await console.GetStringAsync($"/console/log?address={Uri.EscapeDataString(scenario.UserPhone)}");
        Assert.Contains("id=\"address-opt-outs\"", byAddress);
        Assert.Contains("sms: sms-stop", byAddress);
        var otherAddress = await console.GetStringAsync($"/console/log?address={Uri.EscapeDataString(scenario.AgentEmail)}");
        Assert.Contains("id=\"address-opt-outs-none\"", otherAddress);

        var unknown = await console.GetStringAsync("/console/log?recipient=nobody-" + scenario.Id);
        Assert.Contains("id=\"participant-unknown\"", unknown);
    }
}
