using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Notifications.Contracts;
using Notifications.Admin.AdminApi;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// SMS switched off through the admin API: the router suppresses the SMS it would have sent (channel-disabled)
/// and sends the email; switched on again, the next message is texted. In the pipeline collection, so no other
/// pipeline test runs while SMS is off; the switch is restored whatever happens.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ChannelSwitchPipelineTests(PipelineFixture pipeline)
{
    /// <summary>After the email arrived, how long to keep watching for an SMS that must not come.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Sms_switched_off_is_suppressed_channel_disabled_and_the_email_still_goes_out_until_switched_on_again()
    {
        using var admin = new HttpClient { BaseAddress = pipeline.AdminUrl };
        admin.DefaultRequestHeaders.Add(AdminApiKeyFilter.Header, PipelineFixture.AdminApiKey);
        try
        {
            var off = await admin.PutAsJsonAsync("/admin/channels", new { sms = false });
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
            Assert.Contains("\"sms\":{\"enabled\":false,\"source\":\"run-time\"}", await off.Content.ReadAsStringAsync());

            // A1: a first message to sales would text the offline agent with a phone.
            var muted = SalesMessage();
            await pipeline.Platform.Publish(muted);

            var suppressed = await SuppressionAsync(muted, Channels.Sms);
            Assert.Equal("channel-disabled", suppressed.Reason);
            Assert.Equal("A1", suppressed.Rule);
            await EmailAsync(muted, SalesOffline);
            await Task.Delay(Settle);
            Assert.DoesNotContain(pipeline.Providers.Requests, request => IsSmsAbout(request, muted));

            var on = await admin.PutAsJsonAsync("/admin/channels", new { sms = true });
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);

            var texted = SalesMessage();
            await pipeline.Platform.Publish(texted);
            await Eventually.TrueAsync(() => pipeline.Providers.Requests.Any(request => IsSmsAbout(request, texted)),
                "the SMS once switched on again");
            Assert.DoesNotContain(pipeline.Outcomes.Suppressed, s => s.MessageId == texted.MessageId && s.Reason == "channel-disabled");
        }
        finally
        {
            // Straight to Redis: the other pipeline tests need SMS as configured even if the API is what broke.
            await pipeline.Redis.GetDatabase().HashDeleteAsync(pipeline.KeyPrefix + "channels", Channels.Sms);
        }
    }

    private static MessagePosted SalesMessage() =>
        Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "sales" }, first: true);

    private static bool IsSmsAbout(StubRequest request, MessagePosted message) =>
        request.Path.EndsWith("/Messages.json") && QueryHelpers.ParseQuery(request.Body)["Body"].ToString().Contains(message.Text);

    private async Task<NotificationSuppressed> SuppressionAsync(MessagePosted message, string channel)
    {
        NotificationSuppressed? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = pipeline.Outcomes.Suppressed.FirstOrDefault(s => s.MessageId == message.MessageId && s.Channel == channel && s.RecipientId == SalesOffline);
            return found is not null;
        }, $"the {channel} suppression of {message.MessageId}");
        return found!;
    }

    private async Task EmailAsync(MessagePosted message, string recipient) =>
        await Eventually.TrueAsync(() => pipeline.Smtp.Messages.Any(email =>
            (email.TextBody ?? "").Contains(message.Text) && email.To.Mailboxes.Any(m => m.Address == EmailOf(recipient))),
            $"the email about {message.MessageId} to {recipient}");
}
