using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Gateway.InboundEmail;
using Notifications.IntegrationTests.Continuity.Bounces;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.DeliveryLog;

namespace Notifications.IntegrationTests.Continuity.Thread;

/// <summary>
/// The console's conversation thread, read over HTTP from the real admin service after the real pipeline wrote it:
/// an agent's answer notifies the offline user by email and SMS, the email bounces later (a DSN piped to the
/// gateway), the user answers the SMS (Twilio's signed webhook to the gateway), and the page lists all four in order.
/// </summary>
[Collection(ThreadCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class ConversationThreadPageTests(ThreadFixture pipeline) : IDisposable
{
    private readonly HttpClient console = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = pipeline.AdminUrl,
    };

    private readonly HttpClient gateway = new() { BaseAddress = pipeline.GatewayUrl };

    public void Dispose()
    {
        console.Dispose();
        gateway.Dispose();
    }

    [Fact]
    public async Task The_thread_lists_the_notifications_the_bounce_and_the_sms_reply_in_order()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var (userId, agentId, phone) = ($"user-{id}", $"agent-{id}", "+1555" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999));
        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = userId, Role = ParticipantRoles.User, Name = "Ada " + id, Email = $"{userId}@customer.test", Phone = phone });
        await pipeline.Platform.Publish(new ParticipantUpserted { ParticipantId = agentId, Role = ParticipantRoles.Agent, Name = "Kim " + id, Email = $"{agentId}@helpdesk.test" });
        await pipeline.WaitForParticipantsAsync(userId, agentId);

        // Row U1: the agent answers while the user is offline.
        var answer = HelpDesk.Message(agentId, ParticipantRoles.Agent, new ConversationInfo { UserId = userId, LastAgentId = agentId }, first: false);
        await pipeline.Platform.Publish(answer);
        var emailId = $"{answer.MessageId}:{userId}:email";
        var smsId = $"{answer.MessageId}:{userId}:sms";
        await Eventually.TrueAsync(() => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == emailId), "the email delivered");
        await Eventually.TrueAsync(() => pipeline.Outcomes.Delivered.Any(d => d.NotificationId == smsId), "the SMS delivered");

        // The user's mail server bounces the email later, to its VERP address.
        var bounceAddress = pipeline.Smtp.Envelopes.Single(e => (e.Message.TextBody ?? "").Contains(answer.Text) && e.Message.To.Mailboxes.Any(m => m.Address == $"{userId}@customer.test")).MailFrom;
        using (var dsn = await PipedAsync(BounceReports.Dsn(bounceAddress, "failed", "5.1.1", "550 5.1.1 User unknown"), bounceAddress))
            Assert.Equal(HttpStatusCode.OK, dsn.StatusCode);
        await Eventually.TrueAsync(() => pipeline.Outcomes.Failed.Any(f => f.NotificationId == emailId && f.FollowUp), "the bounce follow-up");

        // The user answers the SMS.
        using (var reply = await TwilioInboundAsync(phone, "Thanks, it arrived today"))
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);

        await SignInAsync();
        string page = "";
        await Eventually.TrueAsync(async () => Rows(page = await console.GetStringAsync($"/console/conversations/{answer.ConversationId}")).Count == 4,
            "the thread's four entries");

        var rows = Rows(page);
        Assert.Equal(
            new[] { ("delivered", "notification", "email"), ("delivered", "notification", "sms") }.Order(),
            rows.Take(2).Select(row => (row.Outcome, row.Kind, row.Channel)).Order());
        Assert.Equal(("failed", "bounce", "email", userId, emailId), (rows[2].Outcome, rows[2].Kind, rows[2].Channel, rows[2].Participant, rows[2].Notification));
        Assert.Equal(("replied", "reply", "sms", userId, smsId), (rows[3].Outcome, rows[3].Kind, rows[3].Channel, rows[3].Participant, rows[3].Notification));
        Assert.Contains("hard bounce", rows[2].Html);
        // The reply is listed, its text is not kept.
        Assert.DoesNotContain("it arrived today", page);

        // The delivery log links each row to its conversation's thread, and the lookup box finds it too.
        var log = await console.GetStringAsync($"/console/log?conversation={answer.ConversationId}");
        Assert.Contains($"href=\"/console/conversations?id={answer.ConversationId}\"", log);
        Assert.Equal(4, Rows(await console.GetStringAsync($"/console/conversations?id={answer.ConversationId}")).Count);
    }

    [Fact]
    public async Task An_email_reply_is_listed_once_however_often_it_comes_and_one_without_a_conversation_is_refused_by_name()
    {
        var conversationId = $"conv-{Guid.NewGuid():N}"[..20];
        var reply = new EmailReplyReceived
        {
            ParticipantId = "user-reply", ConversationId = conversationId, Text = "Please call me back", ReceivedAt = DateTimeOffset.UtcNow,
            SenderVerified = true, InboundMessageId = $"<{Guid.NewGuid():N}@mail.customer.test>",
        };
        var broken = reply with { ConversationId = "", InboundMessageId = $"<{Guid.NewGuid():N}@mail.customer.test>" };
        // The gateway's publish, a redelivery of it, and a reply that names no conversation.
        await pipeline.Platform.Publish(reply);
        await pipeline.Platform.Publish(broken);
        await pipeline.Platform.Publish(reply);

        var refused = await pipeline.ErrorQueues.WaitForAsync("notifications-router-outcomes_error", message => message.Payload.Contains(broken.InboundMessageId));
        Assert.Contains("EmailReplyReceived needs participantId and conversationId", refused.Headers.GetValueOrDefault("MT-Fault-Message"));
        await SignInAsync();
        string page = "";
        await Eventually.TrueAsync(async () => Rows(page = await console.GetStringAsync($"/console/conversations/{conversationId}")).Count == 1, "the email reply");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var row = Assert.Single(Rows(await console.GetStringAsync($"/console/conversations/{conversationId}")));
        Assert.Equal(("replied", "reply", "email", "user-reply"), (row.Outcome, row.Kind, row.Channel, row.Participant));
        Assert.Contains(DeliveryLogEntry.EmailReplySenderVerified, row.Html);
        Assert.DoesNotContain("call me back", page);
    }

    [Fact]
    public async Task A_conversation_id_with_markup_is_encoded_and_the_page_needs_the_session()
    {
        var marked = $"<script>alert('{Guid.NewGuid():N}')</script>";
        var log = new DeliveryLogStore(pipeline.Redis, new RedisKeys(Options.Create(new RedisOptions { KeyPrefix = pipeline.KeyPrefix })), Options.Create(new DeliveryLogOptions()));
        await log.AddAsync(DeliveryLogEntry.Of(new NotificationSuppressed
        {
            NotificationId = "m1:<b>kim</b>:email", Channel = Channels.Email, RecipientId = "<b>kim</b>", ConversationId = marked,
            MessageId = "m1", Reason = "<img src=x onerror=alert(1)>", Rule = "U2",
        }, DateTimeOffset.UtcNow, traceId: ""));

        var path = $"/console/conversations/{Uri.EscapeDataString(marked)}";
        using (var anonymous = await console.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Contains("/console/sign-in", anonymous.Headers.Location!.ToString());
        }

        await SignInAsync();
        var page = await console.GetStringAsync(path);
        Assert.Single(Rows(page));
        Assert.DoesNotContain("<script>alert", page);
        Assert.DoesNotContain("<b>kim</b>", page);
        Assert.DoesNotContain("<img src=x", page);
        Assert.Contains("&lt;script&gt;", page);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page);
    }

    private sealed record Row(string Outcome, string Kind, string Channel, string Participant, string Notification, string Html);

    private static List<Row> Rows(string page) => RowPattern().Matches(page).Select(match => new Row(
        match.Groups["outcome"].Value, WebUtility.HtmlDecode(match.Groups["kind"].Value), match.Groups["channel"].Value,
        WebUtility.HtmlDecode(match.Groups["participant"].Value), WebUtility.HtmlDecode(match.Groups["notification"].Value), match.Value)).ToList();

    [GeneratedRegex("""<tr class="entry outcome-(?<outcome>[a-z]+)">.*?<td class="kind">(?<kind>[^<]*)</td>\s*<td class="channel">(?<channel>[^<]*)</td><td class="mono participant">(?<participant>[^<]*)</td>.*?<td class="mono notification">(?<notification>[^<]*)</td>.*?</tr>""", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    private async Task SignInAsync()
    {
        var token = ConsoleClient.AntiforgeryTokenOf(await console.GetStringAsync("/console/sign-in"));
        using var signIn = await console.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = token, ["returnUrl"] = "", ["secret"] = PipelineFixture.AdminApiKey,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    /// <summary>The raw form of <c>POST /email/inbound</c>, as an MTA pipe posts the reply domain's mail.</summary>
    private async Task<HttpResponseMessage> PipedAsync(MimeKit.MimeMessage mail, string envelopeTo)
    {
        using var stream = new MemoryStream();
        await mail.WriteToAsync(stream);
        using var request = new HttpRequestMessage(HttpMethod.Post, InboundMailEndpoint.Path) { Content = new ByteArrayContent(stream.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        request.Headers.Add(InboundMailEndpoint.SecretHeader, BounceFixture.InboundSecret);
        request.Headers.Add(InboundMailEndpoint.EnvelopeToHeader, envelopeTo);
        return await gateway.SendAsync(request);
    }

    /// <summary>An inbound SMS as Twilio posts it, signed with the account's auth token.</summary>
    private async Task<HttpResponseMessage> TwilioInboundAsync(string from, string body)
    {
        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = PipelineFixture.TwilioAccountSid,
            ["From"] = from, ["To"] = PipelineFixture.TwilioFrom, ["Body"] = body,
        };
        var url = new Uri(pipeline.GatewayUrl, "/twilio/inbound");
        var data = new StringBuilder(url.ToString());
        foreach (var field in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            data.Append(field.Key).Append(field.Value);
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(PipelineFixture.TwilioAuthToken), Encoding.UTF8.GetBytes(data.ToString())));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return await gateway.SendAsync(request);
    }
}
