using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Notifications.IntegrationTests.AdminConsole;

/// <summary>The settings page's channel switches in headless Chromium, stored where the router reads them.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ConsoleChannelsBrowserTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task A_channel_switched_off_on_the_settings_page_is_off_after_reload_and_back_as_configured_when_switched_on()
    {
        var switches = fixture.KeyPrefix + "channels";
        var db = fixture.Redis.GetDatabase();
        try
        {
            var page = await fixture.SignedInPageAsync();
            var sms = page.Locator("#channel-sms");
            var smsRow = page.Locator("#providers tr", new PageLocatorOptions { Has = sms });
            await Expect(sms).ToBeCheckedAsync();
            // Each switch sits beside its channel's provider in effect (for SMS, as the SMS sender reported its configuration).
            await Expect(smsRow.Locator(".provider")).ToContainTextAsync("Twilio account AC0000");
            await Expect(page.Locator("#providers tr", new PageLocatorOptions { Has = page.Locator("#channel-email") }).Locator(".provider"))
                .ToContainTextAsync("SMTP 127.0.0.1");

            await sms.UncheckAsync();
            await page.ClickAsync("#save-channels");
            await Expect(page.Locator("#saved")).ToContainTextAsync("Channels saved");

            await page.ReloadAsync();
            await Expect(sms).Not.ToBeCheckedAsync();
            await Expect(smsRow.Locator(".channel-source")).ToHaveTextAsync("switched here");
            await Expect(page.Locator("#channel-email")).ToBeCheckedAsync();
            Assert.Equal("0", (string?)await db.HashGetAsync(switches, "sms"));
            await ConsoleFixture.ScreenshotAsync(page, "16-settings-channel-off");

            // On again equals the configured value: the run-time value is removed rather than stored as "1".
            await sms.CheckAsync();
            await page.ClickAsync("#save-channels");
            await Expect(page.Locator("#saved")).ToBeVisibleAsync();
            await Expect(sms).ToBeCheckedAsync();
            await Expect(smsRow.Locator(".channel-source")).ToHaveTextAsync("as configured");
            Assert.False(await db.HashExistsAsync(switches, "sms"));
        }
        finally
        {
            await db.HashDeleteAsync(switches, "sms");
        }
    }
}
