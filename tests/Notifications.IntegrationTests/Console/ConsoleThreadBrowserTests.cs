using Microsoft.Extensions.DependencyInjection;
using Notifications.Contracts;
using Notifications.SharedState.DeliveryLog;
using static Microsoft.Playwright.Assertions;

namespace Notifications.IntegrationTests.AdminConsole;

/// <summary>
/// The conversation thread in headless Chromium: reached from a delivery log row's thread link, each kind of entry
/// named (an escalation, a fallback, a bounce, a quiet-hours summary, a reply), oldest first, at desktop and phone width.
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ConsoleThreadBrowserTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task The_delivery_log_links_to_the_thread_which_names_each_kind_of_entry_in_order()
    {
        var log = fixture.Admin.Services.GetRequiredService<DeliveryLogStore>();
        var id = Guid.NewGuid().ToString("N")[..8];
        var (conversation, message) = ($"conv-{id}", $"msg-{id}");
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        await log.AddAsync(DeliveryLogEntry.Of(new NotificationDelivered
        {
            NotificationId = $"{message}:kim:email", Channel = Channels.Email, RecipientId = "kim", ConversationId = conversation,
            MessageId = message, Provider = "smtp", DeliveredAt = at,
        }, traceId: ""));
        await log.AddAsync(DeliveryLogEntry.Of(new NotificationFailed
        {
            NotificationId = $"{message}:kim:email", Channel = Channels.Email, RecipientId = "kim", ConversationId = conversation,
            MessageId = message, Reason = "550 5.1.1 user unknown", Permanent = true, FailedAt = at.AddMinutes(1), FollowUp = true, Bounce = BounceKinds.Hard,
        }, traceId: ""));
        await log.AddAsync(DeliveryLogEntry.Of(new NotificationDelivered
        {
            NotificationId = $"{message}:kim:sms:fallback", Channel = Channels.Sms, RecipientId = "kim", ConversationId = conversation,
            MessageId = message, Provider = "twilio", DeliveredAt = at.AddMinutes(1.5), FallbackOf = $"{message}:kim:email",
        }, traceId: ""));
        await log.AddAsync(DeliveryLogEntry.Of(new NotificationSuppressed
        {
            NotificationId = $"{message}:ada:sms", Channel = Channels.Sms, RecipientId = "ada", ConversationId = conversation,
            MessageId = message, Reason = "quiet-hours", Rule = "U1", SummaryId = $"quiet:ada:sms:{id}",
        }, at.AddMinutes(2), traceId: ""));
        await log.AddAsync(DeliveryLogEntry.Of(new NotificationDelivered
        {
            NotificationId = $"{message}%3Ae1:lee:email", Channel = Channels.Email, RecipientId = "lee", ConversationId = conversation,
            MessageId = message, Provider = "smtp", DeliveredAt = at.AddMinutes(3),
        }, traceId: ""));
        await log.AddAsync(DeliveryLogEntry.Of(new SmsReplyReceived
        {
            NotificationId = $"{message}:kim:sms:fallback", RecipientId = "kim", ConversationId = conversation, Text = "On my way",
            ProviderMessageId = "SM" + id, ReceivedAt = at.AddMinutes(4),
        }, traceId: ""));

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/console/log?conversation={conversation}");
        await page.Locator("#log a.thread").First.ClickAsync();
        await Expect(page.Locator("#thread-conversation")).ToHaveTextAsync(conversation);
        var kinds = page.Locator("#thread tbody tr td.kind");
        await Expect(kinds).ToHaveTextAsync(["notification", "bounce", "fallback", "quiet hours", "escalation", "reply"]);
        var rows = page.Locator("#thread tbody tr");
        await Expect(rows.Nth(1)).ToContainTextAsync("hard bounce");
        await Expect(rows.Nth(2)).ToContainTextAsync($"fallback of {message}:kim:email");
        await Expect(rows.Nth(3)).ToContainTextAsync($"in summary quiet:ada:sms:{id}");
        await Expect(rows.Nth(5)).ToContainTextAsync("received");
        await Expect(page.Locator("#thread")).Not.ToContainTextAsync("On my way");
        await ConsoleFixture.ScreenshotAsync(page, "21-conversation-thread");

        var phone = await fixture.SignedInPageAsync(width: 375);
        await phone.GotoAsync($"/console/conversations?id={conversation}");
        await Expect(phone.Locator("#thread tbody tr")).ToHaveCountAsync(6);
        await ConsoleFixture.ScreenshotAsync(phone, "21-conversation-thread-phone");
    }
}
