using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Notifications.Contracts;
using Notifications.Email.Transport;
using Notifications.Gateway.EmailEvents;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Continuity.Bounces;

/// <summary>
/// SendGrid's signed Event Webhook on the real gateway over HTTP, against the real broker and Redis. The email is sent
/// by the real email sender first; the event carries what SendGrid echoes of it (the <c>X-SMTPAPI</c> unique
/// arguments as top-level fields) and is signed with a P-256 key pair made for the run, the gateway configured with its
/// public key as an operator pastes SendGrid's.
/// </summary>
[Collection(BounceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SendGridEventWebhookTests(BounceFixture fixture)
{
    [Fact]
    public async Task A_signed_bounce_is_published_once_as_a_permanent_hard_follow_up_and_its_resend_publishes_nothing()
    {
        var (command, uniqueArgs) = await DeliveredEmailAsync("agent-sg-bounce");
        var body = Batch(Event(uniqueArgs, "bounce", type: "bounce", status: "5.1.1", reason: "550 5.1.1 The email account that you tried to reach does not exist"));

        using (var first = await PostAsync(body, Now()))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonObject>())!["published"]!.GetValue<int>());
        }
        await Eventually.TrueAsync(() => fixture.Outcomes.Failed.Any(f => f.NotificationId == command.NotificationId), "the follow-up NotificationFailed");

        // SendGrid sends the batch again (its answer was lost, say): answered 200, nothing published twice.
        using (var again = await PostAsync(body, Now()))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonObject>())!["duplicates"]!.GetValue<int>());
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var failed = Assert.Single(fixture.Outcomes.Failed, f => f.NotificationId == command.NotificationId);
        Assert.True(failed.FollowUp);
        Assert.True(failed.Permanent);
        Assert.Equal(BounceKinds.Hard, failed.Bounce);
        Assert.Equal(Channels.Email, failed.Channel);
        Assert.Equal(command.Recipient.Id, failed.RecipientId);
        Assert.Equal(command.Message.ConversationId, failed.ConversationId);
        Assert.Equal(command.Message.MessageId, failed.MessageId);
        Assert.Equal("SendGrid reported a bounce: 5.1.1; 550 5.1.1 The email account that you tried to reach does not exist", failed.Reason);
        // The follow-up comes after the send's own outcome, which stands.
        Assert.Single(fixture.Outcomes.Delivered, d => d.NotificationId == command.NotificationId);
    }

    [Fact]
    public async Task A_spam_report_is_a_complaint_a_block_is_soft_and_a_deferral_is_nothing()
    {
        var (complained, complainedArgs) = await DeliveredEmailAsync("agent-sg-spam");
        var (blocked, blockedArgs) = await DeliveredEmailAsync("agent-sg-block");
        var (deferred, deferredArgs) = await DeliveredEmailAsync("agent-sg-defer");
        var body = Batch(
            Event(complainedArgs, "spamreport"),
            Event(blockedArgs, "bounce", type: "blocked", status: "5.7.1", reason: "550 5.7.1 blocked by policy"),
            Event(deferredArgs, "deferred", reason: "451 try later"));

        using var response = await PostAsync(body, Now());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Eventually.TrueAsync(() => fixture.Outcomes.Failed.Any(f => f.NotificationId == complained.NotificationId)
            && fixture.Outcomes.Failed.Any(f => f.NotificationId == blocked.NotificationId), "the complaint and the block");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var complaint = Assert.Single(fixture.Outcomes.Failed, f => f.NotificationId == complained.NotificationId);
        Assert.Equal((BounceKinds.Complaint, true, true), (complaint.Bounce, complaint.Permanent, complaint.FollowUp));
        var block = Assert.Single(fixture.Outcomes.Failed, f => f.NotificationId == blocked.NotificationId);
        Assert.Equal((BounceKinds.Soft, false, true), (block.Bounce, block.Permanent, block.FollowUp));
        Assert.DoesNotContain(fixture.Outcomes.Failed, f => f.NotificationId == deferred.NotificationId);
    }

    [Fact]
    public async Task An_event_that_cannot_be_mapped_does_not_fail_the_good_ones_of_its_batch()
    {
        var (command, uniqueArgs) = await DeliveredEmailAsync("agent-sg-mixed");
        var forged = new Dictionary<string, string>(uniqueArgs) { [BounceEnvelope.BounceTokenArgument] = new string('a', 40), [BounceEnvelope.NotificationIdArgument] = "n-forged" };
        var body = Batch(
            Event(forged, "bounce", type: "bounce", status: "5.1.1", reason: "no such user"),
            Event(new Dictionary<string, string>(), "dropped", reason: "Bounced Address"),
            Event(uniqueArgs, "dropped", reason: "Bounced Address"));

        using var response = await PostAsync(body, Now());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((1, 2), (summary["published"]!.GetValue<int>(), summary["unmapped"]!.GetValue<int>()));

        await Eventually.TrueAsync(() => fixture.Outcomes.Failed.Any(f => f.NotificationId == command.NotificationId), "the mapped drop");
        var failed = Assert.Single(fixture.Outcomes.Failed, f => f.NotificationId == command.NotificationId);
        Assert.Equal((BounceKinds.Hard, true), (failed.Bounce, failed.FollowUp));
        Assert.DoesNotContain(fixture.Outcomes.Failed, f => f.NotificationId == "n-forged");
    }

    [Fact]
    public async Task A_forged_signature_an_unsigned_post_and_a_stale_timestamp_are_refused_401_and_publish_nothing()
    {
        var (command, uniqueArgs) = await DeliveredEmailAsync("agent-sg-forged");
        var body = Batch(Event(uniqueArgs, "bounce", type: "bounce", status: "5.1.1", reason: "no such user"));

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var forged = await PostAsync(body, Now(), otherKey))
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);

        using (var unsigned = await fixture.Http.PostAsync(SendGridEventWebhook.Path, new ByteArrayContent(body)))
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);

        // Signed by the right key, but ten minutes ago: a captured request replayed later.
        var stale = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using (var replayed = await PostAsync(body, stale))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
            Assert.Contains("Timestamp", await replayed.Content.ReadAsStringAsync());
        }

        // The body changed after signing.
        var signature = SendGridSignature.Sign(fixture.SendGridKey, Now(), body);
        var tampered = Batch(Event(uniqueArgs, "spamreport"));
        using (var changed = await PostAsync(tampered, Now(), signature: signature))
            Assert.Equal(HttpStatusCode.Unauthorized, changed.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(fixture.Outcomes.Failed, f => f.NotificationId == command.NotificationId);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_its_signature_is_checked()
    {
        var body = new byte[SendGridEventWebhook.MaxBodyBytes + 1];
        using var response = await PostAsync(body, Now());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    /// <summary>An email sent by the real email sender and accepted, with the unique arguments its X-SMTPAPI header gave SendGrid.</summary>
    private async Task<(SendEmail Command, Dictionary<string, string> UniqueArgs)> DeliveredEmailAsync(string recipientId)
    {
        var command = await fixture.SendEmailAsync($"{recipientId}-{Guid.NewGuid():N}"[..30], "bo.bounce@example.org");
        await Eventually.TrueAsync(() => fixture.Outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId), "NotificationDelivered");
        var email = fixture.Smtp.Accepted.Single(e => (e.Message.TextBody ?? "").Contains(command.Message.MessageId));
        var smtpApi = JsonNode.Parse(email.Message.Headers[BounceEnvelope.SendGridSmtpApiHeader] ?? "{}")!;
        var uniqueArgs = smtpApi["unique_args"]!.AsObject().ToDictionary(field => field.Key, field => field.Value!.GetValue<string>());
        return (command, uniqueArgs);
    }

    /// <summary>One event as SendGrid posts it: its own fields, with the unique arguments as top-level fields.</summary>
    private static JsonObject Event(IReadOnlyDictionary<string, string> uniqueArgs, string kind, string? type = null, string? status = null, string? reason = null)
    {
        var item = new JsonObject
        {
            ["email"] = "bo.bounce@example.org",
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["smtp-id"] = "<14c5d75ce93.dfd.64b469@ismtpd-555>",
            ["event"] = kind,
            ["sg_event_id"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
            ["sg_message_id"] = "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
        };
        if (type is not null)
            item["type"] = type;
        if (status is not null)
            item["status"] = status;
        if (reason is not null)
            item["reason"] = reason;
        foreach (var (name, value) in uniqueArgs)
            item[name] = value;
        return item;
    }

    private static byte[] Batch(params JsonObject[] events) => Encoding.UTF8.GetBytes(new JsonArray(events).ToJsonString() + "\r\n");

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string timestamp, ECDsa? key = null, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SendGridEventWebhook.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(SendGridSignature.TimestampHeader, timestamp);
        request.Headers.Add(SendGridSignature.SignatureHeader, signature ?? SendGridSignature.Sign(key ?? fixture.SendGridKey, timestamp, body));
        return await fixture.Http.SendAsync(request);
    }
}
