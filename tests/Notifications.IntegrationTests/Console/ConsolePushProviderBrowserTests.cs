using Microsoft.Playwright;
using Notifications.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Notifications.IntegrationTests.AdminConsole;

/// <summary>
/// The settings page's push provider choice in headless Chromium: a provider without credentials is refused beside
/// the field; with Beams credentials entered, choosing Pusher Beams sends the running push sender's next push to
/// Beams instead of the configured OneSignal, until the choice goes back to the configuration.
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ConsolePushProviderBrowserTests(ConsoleFixture fixture)
{
    private const string BeamsInstance = "8f9a6e22-2483-49aa-8552-125f1a4c5781";

    [Fact]
    public async Task Pusher_Beams_chosen_on_the_settings_page_takes_the_next_push_until_the_configuration_is_chosen_again()
    {
        var settingsKey = fixture.ProviderSettingsKey;
        var db = fixture.Redis.GetDatabase();
        var beamsSecret = "beams-secret-" + Guid.NewGuid().ToString("N");
        var page = await fixture.SignedInPageAsync();
        var choice = page.Locator("#pushProvider");
        var inEffect = page.Locator("#pushProvider-in-effect");
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                await page.GotoAsync("/console/settings");
                return (await inEffect.InnerTextAsync()).Contains("push sender's configuration");
            }, "the push sender to report its configuration");
            await Expect(choice).ToHaveValueAsync("");

            // Beams has no credentials yet: refused beside the field, nothing stored.
            await choice.SelectOptionAsync("PusherBeams");
            var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#save-pushProvider"),
                response => response.Url.Contains("/console/settings/push-provider") && response.Request.Method == "POST");
            Assert.Equal(400, refused.Status);
            await Expect(page.Locator("#error-pushProvider")).ToContainTextAsync("PusherBeams has no credentials");
            await Expect(choice).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(choice).ToHaveValueAsync("PusherBeams");
            Assert.False(await db.KeyExistsAsync(settingsKey));

            // Beams credentials first, then the choice.
            await page.GotoAsync("/console/settings");
            await page.FillAsync("input[name='pusherBeams.instanceId']", BeamsInstance);
            await page.FillAsync("input[name='pusherBeams.secretKey']", beamsSecret);
            await page.ClickAsync("#save-pusherBeams");
            await Expect(page.Locator("#saved")).ToBeVisibleAsync();
            await choice.SelectOptionAsync("PusherBeams");
            await page.ClickAsync("#save-pushProvider");
            await Expect(page.Locator("#saved")).ToBeVisibleAsync();
            await Expect(inEffect).ToContainTextAsync("In effect: PusherBeams, chosen here.");
            await Expect(choice).ToHaveValueAsync("PusherBeams");
            Assert.DoesNotContain(beamsSecret, await page.ContentAsync());

            // The running push sender sends the next Android push through Beams.
            var device = "beams-device-" + Guid.NewGuid().ToString("N")[..8];
            await SendTestPushAsync(page, device);
            await Expect(page.Locator("#channel-detail")).ToContainTextAsync("pusher-beams");
            // Beams publishes to the recipient (the console's test recipient), not to a device: the instance is this test's own.
            var sent = Assert.Single(fixture.Providers.Requests, r => r.Path.Contains($"/instances/{BeamsInstance}/"));
            Assert.EndsWith($"/instances/{BeamsInstance}/publishes/users", sent.Path);
            Assert.Equal("Bearer " + beamsSecret, sent.Headers["Authorization"]);

            // Back to the configuration: OneSignal again.
            await page.GotoAsync("/console/settings");
            await choice.SelectOptionAsync("");
            await page.ClickAsync("#save-pushProvider");
            await Expect(inEffect).ToContainTextAsync("push sender's configuration");
            var again = "onesignal-device-" + Guid.NewGuid().ToString("N")[..8];
            await SendTestPushAsync(page, again);
            await Expect(page.Locator("#channel-detail")).ToContainTextAsync("onesignal");
        }
        finally
        {
            await fixture.ResetProviderSettingsAsync();
        }
    }

    private static async Task SendTestPushAsync(IPage page, string device)
    {
        await page.GotoAsync("/console/test-channels");
        await page.FillAsync("#device", device);
        await page.SelectOptionAsync("#platform", "android");
        await page.ClickAsync("#send-test-push");
        await Expect(page.Locator("#channel-outcome")).ToHaveTextAsync("delivered", new() { Timeout = 20_000 });
    }
}
