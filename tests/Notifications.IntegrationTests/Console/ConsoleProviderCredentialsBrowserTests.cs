using System.Text;
using Microsoft.Playwright;
using Notifications.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Notifications.IntegrationTests.AdminConsole;

/// <summary>
/// The settings page's provider credentials in headless Chromium: a Twilio set entered in the console is checked,
/// stored write-only, and used by the running SMS sender for the next SMS (no restart), until it is removed.
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ConsoleProviderCredentialsBrowserTests(ConsoleFixture fixture)
{
    private const string ConfiguredSid = "AC00000000000000000000000000000001";

    [Fact]
    public async Task Twilio_credentials_entered_on_the_settings_page_are_used_by_the_running_sms_sender_until_removed()
    {
        var settingsKey = fixture.ProviderSettingsKey;
        var db = fixture.Redis.GetDatabase();
        var newSid = "AC" + Guid.NewGuid().ToString("N");
        var newToken = "runtime-token-" + Guid.NewGuid().ToString("N");
        const string newFrom = "+15550009999";
        Assert.NotEqual(ConfiguredSid, newSid);

        var page = await fixture.SignedInPageAsync();
        var inEffect = page.Locator("#twilio-in-effect");
        var sid = page.Locator("input[name='twilio.accountSid']");
        var token = page.Locator("input[name='twilio.authToken']");
        var from = page.Locator("input[name='twilio.from']");
        var tokenBadge = page.Locator("label[for='twilio.authToken'] .badge");
        try
        {
            // The SMS sender reports its configuration to Redis shortly after it starts.
            await Eventually.TrueAsync(async () =>
            {
                await page.GotoAsync("/console/settings");
                return (await inEffect.InnerTextAsync()).Contains("SMS sender's configuration");
            }, "the SMS sender to report its configuration");
            await Expect(inEffect).ToContainTextAsync("In effect: the SMS sender's configuration (Twilio account AC0000");
            await Expect(tokenBadge).ToHaveTextAsync("not set");
            await Expect(page.Locator("#remove-twilio")).ToHaveCountAsync(0);

            // A bad account SID is refused beside its field; the typed token is not echoed.
            await sid.FillAsync("AC123");
            await token.FillAsync(newToken);
            await from.FillAsync(newFrom);
            var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#save-twilio"),
                response => response.Url.Contains("/console/settings/providers") && response.Request.Method == "POST");
            Assert.Equal(400, refused.Status);
            await Expect(page.Locator("[id='error-twilio.accountSid']")).ToContainTextAsync("AC and 32 letters or digits");
            await Expect(page.Locator("#provider-twilio .field-error")).ToHaveCountAsync(1);
            await Expect(sid).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(sid).ToHaveValueAsync("AC123");
            await Expect(from).ToHaveValueAsync(newFrom);
            Assert.DoesNotContain(newToken, await page.ContentAsync());
            Assert.False(await db.KeyExistsAsync(settingsKey));

            // A complete, valid set is stored: the token shows as set only, and the set is in effect.
            await sid.FillAsync(newSid);
            await token.FillAsync(newToken);
            await from.FillAsync(newFrom);
            await page.ClickAsync("#save-twilio");
            await Expect(page.Locator("#saved")).ToContainTextAsync("Credentials saved");
            await Expect(tokenBadge).ToHaveTextAsync("set");
            await Expect(inEffect).ToHaveTextAsync("In effect: the credentials entered here.");
            await Expect(sid).ToHaveValueAsync(newSid);
            await Expect(from).ToHaveValueAsync(newFrom);
            await Expect(sid).Not.ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator("#remove-twilio")).ToBeVisibleAsync();
            Assert.DoesNotContain(newToken, await page.ContentAsync());
            await ConsoleFixture.ScreenshotAsync(page, "17-settings-twilio-credentials");

            // The running SMS sender uses them for the next SMS.
            var phone = "+1555" + Random.Shared.Next(1_000_000, 9_999_999);
            await page.GotoAsync("/console/test-channels");
            await Expect(page.Locator("#sms-provider")).ToContainTextAsync("run-time credentials for Twilio (entered here)");
            await page.FillAsync("#phone", phone);
            await page.ClickAsync("#send-test-sms");
            await Expect(page.Locator("#channel-outcome")).ToHaveTextAsync("delivered", new() { Timeout = 20_000 });
            await Expect(page.Locator("#channel-detail")).ToContainTextAsync("twilio");
            Assert.DoesNotContain(newToken, await page.ContentAsync());
            var sent = Assert.Single(fixture.Providers.RequestsFor("To=" + Uri.EscapeDataString(phone)));
            Assert.Equal("POST", sent.Method);
            Assert.Matches($"/Accounts/{newSid}/Messages\\.json$", sent.Path);
            Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{newSid}:{newToken}")), sent.Headers["Authorization"]);
            Assert.Contains("From=%2B15550009999", sent.Body);
            await ConsoleFixture.ScreenshotAsync(page, "18-test-sms-runtime-credentials");

            // Removed, the sender's configuration is in effect again.
            await page.GotoAsync("/console/settings");
            await page.ClickAsync("#remove-twilio");
            await Expect(page.Locator("#saved")).ToBeVisibleAsync();
            await Expect(inEffect).ToContainTextAsync("In effect: the SMS sender's configuration (Twilio account AC0000");
            await Expect(tokenBadge).ToHaveTextAsync("not set");
            await Expect(sid).ToHaveValueAsync("");
            await Expect(page.Locator("#remove-twilio")).ToHaveCountAsync(0);
            Assert.DoesNotContain(newSid, (string?)await db.StringGetAsync(settingsKey) ?? "");
        }
        finally
        {
            if (((string?)await db.StringGetAsync(settingsKey) ?? "").Contains(newSid))
                await fixture.ResetProviderSettingsAsync();
        }
    }
}
