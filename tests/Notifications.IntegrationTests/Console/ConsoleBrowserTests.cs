using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Notifications.IntegrationTests.AdminConsole;

/// <summary>
/// The admin console in headless Chromium against the real email sender and router: sign-in, settings,
/// template editor and preview, test email, delivery log. Each page's screenshot is saved for review.
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class ConsoleBrowserTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Pages_and_actions_refuse_access_until_signed_in_with_the_key()
    {
        var page = await fixture.NewPageAsync();

        // A page sends the browser to the sign-in page.
        await page.GotoAsync("/console/settings");
        await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));
        await Expect(page.Locator("#secret")).ToBeVisibleAsync();
        await ConsoleFixture.ScreenshotAsync(page, "01-sign-in");

        // An action without a session does nothing: redirected to the sign-in page, never run.
        var post = await page.APIRequest.PostAsync("/console/test-email", new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Set("to", "nobody@helpdesk.test"),
            MaxRedirects = 0,
        });
        Assert.Equal(302, post.Status);
        Assert.Contains("/console/sign-in", post.Headers["location"]);
        Assert.DoesNotContain(fixture.Smtp.Messages, message => message.To.ToString().Contains("nobody@helpdesk.test"));

        // A wrong key is refused and not echoed.
        await page.FillAsync("#secret", "not-the-key");
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("Wrong key or password");
        Assert.DoesNotContain("not-the-key", await page.ContentAsync());

        await page.FillAsync("#secret", ConsoleFixture.ApiKey);
        await page.ClickAsync("#sign-in");
        await Expect(page).ToHaveURLAsync(new Regex("/console/settings$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Settings");
        Assert.DoesNotContain(ConsoleFixture.ApiKey, await page.ContentAsync());

        // The session cookie is HttpOnly and SameSite=Strict.
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "notifications-console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        // Signing out ends the session.
        await page.ClickAsync("#sign-out");
        await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));
        await page.GotoAsync("/console/log");
        await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));
    }

    [Fact]
    public async Task Settings_page_shows_secrets_as_set_only_other_providers_read_only_and_errors_beside_the_field()
    {
        var page = await fixture.SignedInPageAsync();
        await Expect(page.Locator("input[name='smtp.host']")).ToHaveValueAsync("127.0.0.1");
        await Expect(page.Locator("label[for='smtp.password'] .badge")).ToHaveTextAsync("not set");
        await Expect(page.Locator("#providers")).ToContainTextAsync("recording to the folder");
        await ConsoleFixture.ScreenshotAsync(page, "02-settings");

        await page.FillAsync("input[name='digest.schedule']", "every minute please");
        await page.ClickAsync("#save-settings");
        await Expect(page.Locator("[id='error-digest.schedule']")).ToContainTextAsync("Email:Digest:Schedule is not a cron expression");
        await ConsoleFixture.ScreenshotAsync(page, "03-settings-error");

        // A password is write-only: once set it shows as "set", never its value.
        const string password = "smtp-password-never-shown";
        await page.GotoAsync("/console/settings");
        await page.FillAsync("input[name='smtp.username']", "mailer");
        await page.FillAsync("input[name='smtp.password']", password);
        await page.ClickAsync("#save-settings");
        await Expect(page.Locator("#saved")).ToBeVisibleAsync();
        await Expect(page.Locator("label[for='smtp.password'] .badge")).ToHaveTextAsync("set");
        Assert.DoesNotContain(password, await page.ContentAsync());

        // Back as configured: the username override removed, the stored password removed.
        await page.FillAsync("input[name='smtp.username']", "");
        await page.CheckAsync("input[name='smtp.passwordClear']");
        await page.ClickAsync("#save-settings");
        await Expect(page.Locator("label[for='smtp.password'] .badge")).ToHaveTextAsync("not set");

        // At phone width (375 px) no console page overflows sideways.
        var phone = await fixture.SignedInPageAsync(width: 375);
        foreach (var (path, name) in ConsolePages)
        {
            await phone.GotoAsync(path);
            Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways at 375 px");
            await ConsoleFixture.ScreenshotAsync(phone, $"04-{name}-phone");
        }
    }

    private static readonly (string Path, string Name)[] ConsolePages =
    [
        ("/console/settings", "settings"), ("/console/templates", "templates"), ("/console/test-email", "test-email"),
        ("/console/test-channels", "test-channels"), ("/console/log", "log"), ("/console/webhooks", "webhooks"),
    ];

    [Fact]
    public async Task Signed_in_posts_without_the_antiforgery_token_are_refused_and_pages_allow_no_external_origin()
    {
        var page = await fixture.SignedInPageAsync();

        // The session cookie goes along (same browser context), the form token does not: refused before acting.
        foreach (var (path, form) in new[]
        {
            ("/console/test-email", page.APIRequest.CreateFormData().Set("to", "csrf@helpdesk.test")),
            ("/console/templates/preview", page.APIRequest.CreateFormData().Set("audience", "agent").Set("kind", "message").Set("subject", "s").Set("body", "b")),
            ("/console/settings", page.APIRequest.CreateFormData().Set("smtp.host", "evil.example.com")),
        })
        {
            var post = await page.APIRequest.PostAsync(path, new APIRequestContextOptions { Form = form, MaxRedirects = 0 });
            Assert.Equal(400, post.Status);
            Assert.Contains("anti-forgery token is missing", await post.TextAsync());
        }
        Assert.DoesNotContain(fixture.Smtp.Messages, message => message.To.ToString().Contains("csrf@helpdesk.test"));
        await page.GotoAsync("/console/settings");
        await Expect(page.Locator("input[name='smtp.host']")).ToHaveValueAsync("127.0.0.1");

        // Every page forbids loading from anywhere but itself: no external origin, no wildcard, scripts by nonce only.
        foreach (var (path, _) in ConsolePages.Append(("/console/sign-in", "sign-in")))
        {
            var response = await page.GotoAsync(path);
            var policy = response!.Headers["content-security-policy"];
            Assert.Contains("default-src 'none'", policy);
            Assert.Matches("script-src 'nonce-[^']+';", policy);
            Assert.DoesNotMatch(@"https?:|\*|'unsafe-eval'", policy);
        }
    }

    [Fact]
    public async Task Template_editor_previews_while_typing_and_names_an_unknown_field_before_saving()
    {
        var page = await fixture.SignedInPageAsync();
        const string address = "/console/templates?audience=agent&kind=message&locale=es";
        await page.GotoAsync(address);
        await Expect(page.Locator("#preview-pane")).ToBeHiddenAsync();

        // Typing alone updates the preview: no Preview click, no page load. No hand-written text part, so the
        // text preview follows the body.
        await page.FillAsync("#textBody", "");
        await page.FillAsync("#body", "");
        await page.Locator("#body").PressSequentiallyAsync("Hola {recipient_name}, tienes un mensaje");
        await Expect(page.Locator("#preview-text")).ToContainTextAsync("Hola Dora Agent, tienes un mensaje");
        Assert.EndsWith(address, page.Url);
        await ConsoleFixture.ScreenshotAsync(page, "10-template-live-preview");

        await page.Locator("#body").PressSequentiallyAsync(" {agent_shoe_size}");
        await Expect(page.Locator("#live-error")).ToContainTextAsync("Unknown merge field {agent_shoe_size}");
        Assert.EndsWith(address, page.Url);
        await ConsoleFixture.ScreenshotAsync(page, "11-template-live-unknown-field");

        // Fixing it clears the message; nothing was stored meanwhile.
        await page.FillAsync("#body", "Hola {recipient_name}");
        await Expect(page.Locator("#live-error")).ToBeHiddenAsync();
        await Expect(page.Locator("#preview-text")).ToContainTextAsync("Hola Dora Agent");
        await page.GotoAsync(address);
        await Expect(page.Locator("#template-source")).ToHaveTextAsync("built-in");
    }

    [Fact]
    public async Task Opening_a_stored_template_that_became_invalid_shows_why()
    {
        var db = fixture.Redis.GetDatabase();
        var templates = fixture.KeyPrefix + "email:templates";
        await db.HashSetAsync(templates, "user/message/it", """{"subject":"Ciao","body":"{messaggio}","isHtml":false}""");
        await db.HashSetAsync(templates, "user/digest/it", """{"subject":"Ciao","body":""");
        await fixture.Redis.GetSubscriber().PublishAsync(StackExchange.Redis.RedisChannel.Literal(fixture.KeyPrefix + "email:changed"), "changed");
        try
        {
            var page = await fixture.SignedInPageAsync();
            // Other tests' saves may have left the template list cached for a few seconds.
            await Eventually.TrueAsync(async () =>
            {
                await page.GotoAsync("/console/templates?audience=user&kind=message&locale=it");
                return await page.Locator("#template-source").InnerTextAsync() == "stored";
            }, "the stored template to be read");
            await Expect(page.Locator("#template-error")).ToContainTextAsync("Unknown merge field {messaggio}");
            await ConsoleFixture.ScreenshotAsync(page, "12-template-stored-invalid");

            var unreadable = await page.GotoAsync("/console/templates?audience=user&kind=digest&locale=it");
            Assert.Equal(200, unreadable!.Status);
            await Expect(page.Locator("#template-error")).ToContainTextAsync("not valid JSON");
        }
        finally
        {
            await db.HashDeleteAsync(templates, ["user/message/it", "user/digest/it"]);
        }
    }

    [Fact]
    public async Task Template_editor_previews_with_the_senders_renderer_and_saves()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/console/templates?audience=agent&kind=message&locale=fr");
        await Expect(page.Locator("#template-source")).ToHaveTextAsync("built-in");

        await page.FillAsync("#subject", "Nouveau message de ");
        await page.FocusAsync("#subject");
        await page.PressAsync("#subject", "End");
        await page.ClickAsync("button[data-merge-field='{sender_name}']");
        await Expect(page.Locator("#subject")).ToHaveValueAsync("Nouveau message de {sender_name}");
        await page.FillAsync("#body", "Bonjour {recipient_name},\n\n<b>{message}</b>\n\n{conversation_link}");
        await page.CheckAsync("#isHtml");
        // No hand-written text part: it is derived from the HTML.
        await page.FillAsync("#textBody", "");
        await page.ClickAsync("#preview");

        await Expect(page.Locator("#preview-subject")).ToHaveTextAsync("Nouveau message de Ada Lovelace");
        await Expect(page.Locator("#preview-text")).ToContainTextAsync("Bonjour Dora Agent");
        await Expect(page.Locator("#preview-text")).ToContainTextAsync("https://admin.helpdesk.test/conversations/conv-sample-1042");
        await Expect(page.FrameLocator("#preview-html").Locator("b")).ToContainTextAsync("My order #1042");
        await page.WaitForTimeoutAsync(500); // lets the sandboxed preview frame paint before the screenshot
        await ConsoleFixture.ScreenshotAsync(page, "05-template-preview");
        File.Copy(Path.Combine(ConsoleFixture.ScreenshotDirectory, "05-template-preview.png"),
            Path.Combine(ConsoleFixture.ScreenshotDirectory, "..", "..", "..", "docs", "console.png"), overwrite: true);

        await page.ClickAsync("#save-template");
        await Expect(page.Locator("#template-message")).ToContainTextAsync("Template saved");
        await Expect(page.Locator("#template-source")).ToHaveTextAsync("stored");
        await Expect(page.Locator("#subject")).ToHaveValueAsync("Nouveau message de {sender_name}");
    }

    [Fact]
    public async Task Saving_an_unknown_merge_field_is_refused_naming_the_field()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/console/templates?audience=user&kind=message&locale=de");
        await page.FillAsync("#body", "Hallo {recipient_name}, {agent_shoe_size}");

        await page.ClickAsync("#preview");
        await Expect(page.Locator("#template-error")).ToContainTextAsync("Unknown merge field {agent_shoe_size}");

        await page.ClickAsync("#save-template");
        await Expect(page.Locator("#template-error")).ToContainTextAsync("Not saved: Unknown merge field {agent_shoe_size} in the body");
        await Expect(page.Locator("#error-body")).ToContainTextAsync("{agent_shoe_size}");
        await ConsoleFixture.ScreenshotAsync(page, "06-template-unknown-field");

        await page.GotoAsync("/console/templates?audience=user&kind=message&locale=de");
        await Expect(page.Locator("#template-source")).ToHaveTextAsync("built-in");
    }

    [Fact]
    public async Task Test_email_reaches_the_smtp_server_and_a_closed_port_shows_the_exact_error()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/console/test-email");
        await page.FillAsync("#to", "ops@helpdesk.test");
        await page.ClickAsync("#send-test");
        await Expect(page.Locator("#test-result")).ToContainTextAsync("Sent: the server accepted the test email (via smtp)");
        await Eventually.TrueAsync(() => fixture.Smtp.Messages.Any(message => message.To.ToString().Contains("ops@helpdesk.test")), "the test email");
        await ConsoleFixture.ScreenshotAsync(page, "07-test-email-sent");

        var closedPort = SmtpSink.FreePort();
        await page.GotoAsync("/console/settings");
        await page.FillAsync("input[name='smtp.port']", closedPort.ToString());
        await page.ClickAsync("#save-settings");
        await Expect(page.Locator("#saved")).ToBeVisibleAsync();
        try
        {
            await page.GotoAsync("/console/test-email");
            await Expect(page.Locator("#test-transport")).ToContainTextAsync($"127.0.0.1:{closedPort}");
            await page.FillAsync("#to", "ops@helpdesk.test");
            await page.ClickAsync("#send-test");
            await Expect(page.Locator("#test-failure")).ToHaveTextAsync("connection-refused");
            await Expect(page.Locator("#test-error")).ToContainTextAsync("127.0.0.1");
            await Expect(page.Locator("#test-error")).ToContainTextAsync(new Regex("refused", RegexOptions.IgnoreCase));
            await ConsoleFixture.ScreenshotAsync(page, "08-test-email-refused");
        }
        finally
        {
            await page.GotoAsync("/console/settings");
            await page.FillAsync("input[name='smtp.port']", "");
            await page.ClickAsync("#save-settings");
            await Expect(page.Locator("#saved")).ToBeVisibleAsync();
        }
        // Emptied, the port is the configured one again.
        await Expect(page.Locator("input[name='smtp.port']")).ToHaveValueAsync(fixture.Smtp.Port.ToString());
    }

    [Fact]
    public async Task Test_sms_and_push_go_through_the_real_senders_and_a_refused_number_shows_twilios_reason()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/console/test-channels");
        await Expect(page.Locator("#sms-provider")).ToContainTextAsync("Twilio account AC0000");

        await page.FillAsync("#phone", "+15551230042");
        await page.ClickAsync("#send-test-sms");
        await Expect(page.Locator("#channel-outcome")).ToHaveTextAsync("delivered", new() { Timeout = 20_000 });
        await Expect(page.Locator("#channel-detail")).ToContainTextAsync("twilio");
        Assert.Contains(fixture.Providers.Requests, request => request.Path.Contains("/Messages.json") && request.Body.Contains("%2B15551230042"));
        await ConsoleFixture.ScreenshotAsync(page, "13-test-sms-delivered");

        await page.FillAsync("#phone", HttpStub.InvalidPhone);
        await page.ClickAsync("#send-test-sms");
        await Expect(page.Locator("#channel-outcome")).ToHaveTextAsync("failed", new() { Timeout = 20_000 });
        await Expect(page.Locator("#channel-detail")).ToContainTextAsync("is not a valid phone number");
        await Expect(page.Locator("#channel-detail")).ToContainTextAsync("21211");
        await ConsoleFixture.ScreenshotAsync(page, "14-test-sms-refused");

        await page.FillAsync("#device", "player-console-test");
        await page.SelectOptionAsync("#platform", "android");
        await page.ClickAsync("#send-test-push");
        await Expect(page.Locator("#channel-outcome")).ToHaveTextAsync("delivered", new() { Timeout = 20_000 });
        await Expect(page.Locator("#channel-detail")).ToContainTextAsync("onesignal");
        await ConsoleFixture.ScreenshotAsync(page, "15-test-push-delivered");
    }

    [Fact]
    public async Task Delivery_log_shows_a_suppressed_notification_with_its_reason_and_trace()
    {
        var agent = "agent-nomail-" + Guid.NewGuid().ToString("N")[..6];
        const string user = "user-zoe";
        await fixture.Platform.Publish(new ParticipantUpserted { ParticipantId = agent, Role = ParticipantRoles.Agent, Name = "No Mail" });
        await fixture.Platform.Publish(new ParticipantUpserted { ParticipantId = user, Role = ParticipantRoles.User, Name = "Zoe", Email = "zoe@helpdesk.test" });
        var db = fixture.Redis.GetDatabase();
        await Eventually.TrueAsync(async () => await db.KeyExistsAsync(fixture.KeyPrefix + "participant:" + agent)
            && await db.KeyExistsAsync(fixture.KeyPrefix + "participant:" + user), "participants to reach the directory");

        var conversation = "conv-" + Guid.NewGuid().ToString("N")[..10];
        var messageId = "msg-" + Guid.NewGuid().ToString("N")[..10];
        await fixture.Platform.Publish(new MessagePosted
        {
            MessageId = messageId,
            ConversationId = conversation,
            Sender = new MessageSender { Id = user, Role = ParticipantRoles.User, Name = "Zoe" },
            Text = "Is anyone there?",
            PostedAt = DateTimeOffset.UtcNow,
            Conversation = new ConversationInfo { UserId = user, LastAgentId = agent },
        });

        var page = await fixture.SignedInPageAsync();
        var row = page.Locator("#log tr.entry", new PageLocatorOptions { HasText = agent });
        await Eventually.TrueAsync(async () =>
        {
            await page.GotoAsync($"/console/log?conversation={conversation}&recipient={agent}");
            return await row.CountAsync() > 0;
        }, "the suppression to reach the delivery log");

        await Expect(row.First.Locator(".outcome")).ToContainTextAsync("suppressed");
        await Expect(row.First.Locator(".reason")).ToHaveTextAsync("no-contact-address");
        await Expect(row.First).ToContainTextAsync("email");
        await Expect(row.First.Locator(".rule")).ToHaveTextAsync("A4");
        Assert.Matches(TraceId(), (await row.First.Locator("td").Nth(7).InnerTextAsync()).Trim());
        await ConsoleFixture.ScreenshotAsync(page, "09-delivery-log");

        // One chat message's whole decision, from its link.
        await row.First.Locator("a.message").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/console/log\\?message={messageId}$"));
        await Expect(page.Locator("#message")).ToHaveValueAsync(messageId);
        await Expect(page.Locator("#log tr.entry")).Not.ToHaveCountAsync(0);
        foreach (var link in await page.Locator("#log tr.entry a.message").AllInnerTextsAsync())
            Assert.Equal(messageId, link.Trim());

        // The filter keeps other recipients out.
        await page.GotoAsync($"/console/log?conversation={conversation}&recipient=someone-else");
        await Expect(page.Locator("#log-empty")).ToBeVisibleAsync();
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();
}
