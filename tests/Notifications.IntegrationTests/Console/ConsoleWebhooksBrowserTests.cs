using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.Webhooks;
using static Microsoft.Playwright.Assertions;

namespace Notifications.IntegrationTests.AdminConsole;

/// <summary>The console's Webhooks page in headless Chromium: the dead letters, newest first, and the replay back to send-webhook.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ConsoleWebhooksBrowserTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task A_dead_letter_is_listed_and_its_replay_sends_the_event_back_with_its_id_and_takes_it_off_the_list()
    {
        var store = fixture.Admin.Services.GetRequiredService<WebhookDeadLetterStore>();
        var notificationId = "m-" + Guid.NewGuid().ToString("N") + ":agent-a:sms";
        var eventId = Guid.NewGuid().ToString();
        var older = await store.AddAsync(Letter(Guid.NewGuid().ToString(), "m-older:agent-a:sms", "platform.example.com answered 410 Gone"));
        var entry = await store.AddAsync(Letter(eventId, notificationId, "platform.example.com answered 400 Bad Request: unknown conversation"));
        try
        {
            var page = await fixture.SignedInPageAsync();
            await page.GotoAsync("/console/webhooks");
            var rows = page.Locator("#dead-letters tbody tr");
            await Expect(rows.First).ToContainTextAsync(eventId);
            await Expect(rows.First).ToContainTextAsync("refused: platform.example.com answered 400 Bad Request: unknown conversation");
            await Expect(rows.Nth(1)).ToContainTextAsync("410 Gone");
            await ConsoleFixture.ScreenshotAsync(page, "20-webhooks-dead-letters");

            // Without the form's anti-forgery token the replay is refused and the letter stays.
            var forged = await page.APIRequest.PostAsync("/console/webhooks/replay", new APIRequestContextOptions
            {
                Form = page.APIRequest.CreateFormData().Set("id", entry),
                MaxRedirects = 0,
            });
            Assert.Equal(400, forged.Status);
            Assert.NotNull(await store.FindAsync(entry));

            await rows.First.Locator("button.replay").ClickAsync();
            await Expect(page.Locator("#replay-result")).ToContainTextAsync("Replayed");
            await Expect(page.Locator("#dead-letters")).Not.ToContainTextAsync(eventId);
            Assert.Null(await store.FindAsync(entry));

            var queued = Assert.Single(await fixture.VirtualHost.TakeAsync(QueueNames.SendWebhook), m => m.Payload.Contains(notificationId, StringComparison.Ordinal));
            using var envelope = JsonDocument.Parse(queued.Payload);
            Assert.Equal(eventId, envelope.RootElement.GetProperty("messageId").GetString());
            Assert.Contains("urn:message:Notifications.Contracts:NotificationDelivered",
                envelope.RootElement.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()));
        }
        finally
        {
            await store.RemoveAsync(older);
            await store.RemoveAsync(entry);
        }
    }

    private static WebhookDeadLetter Letter(string eventId, string notificationId, string reason) => new()
    {
        EventType = "NotificationDelivered",
        EventId = eventId,
        UrlHost = "platform.example.com",
        Status = 400,
        Reason = reason,
        Permanent = true,
        Attempts = 1,
        At = DateTimeOffset.UtcNow,
        Body = $$$"""{"type":"NotificationDelivered","id":"{{{eventId}}}","occurredAt":"2026-12-01T10:00:00+00:00","data":{"notificationId":"{{{notificationId}}}","channel":"sms","recipientId":"agent-a","conversationId":"conv-1","messageId":"m-1","provider":"twilio","deliveredAt":"2026-12-01T10:00:00+00:00","status":"accepted"}}""",
    };
}
