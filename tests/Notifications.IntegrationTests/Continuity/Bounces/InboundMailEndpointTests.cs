using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MimeKit;
using Notifications.Contracts;
using Notifications.Gateway.InboundEmail;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Signing;

namespace Notifications.IntegrationTests.Continuity.Bounces;

/// <summary>
/// <c>POST /email/inbound</c> in its raw form, as an MTA pipe posts the mail of the reply domain: a DSN to the VERP
/// address of an email the real email sender sent becomes one follow-up NotificationFailed on the real broker.
/// </summary>
[Collection(BounceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class InboundMailEndpointTests(BounceFixture fixture)
{
    [Fact]
    public async Task A_DSN_piped_to_the_bounce_address_is_published_once_as_a_follow_up()
    {
        var command = await fixture.SendEmailAsync($"agent-pipe-{Guid.NewGuid():N}"[..30], "bo.bounce@example.org");
        await Eventually.TrueAsync(() => fixture.Outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId), "NotificationDelivered");
        var bounceAddress = fixture.Smtp.Accepted.Single(e => (e.Message.TextBody ?? "").Contains(command.Message.MessageId)).MailFrom;
        var dsn = BounceReports.Dsn(bounceAddress, "failed", "5.1.1", "550 5.1.1 User unknown");

        var first = await PostAsync(dsn, BounceFixture.InboundSecret, envelopeTo: bounceAddress);
        var again = await PostAsync(dsn, BounceFixture.InboundSecret, envelopeTo: bounceAddress);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("published", (await OutcomeAsync(first)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await Eventually.TrueAsync(() => fixture.Outcomes.Failed.Any(f => f.NotificationId == command.NotificationId), "the follow-up NotificationFailed");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var failed = Assert.Single(fixture.Outcomes.Failed, f => f.NotificationId == command.NotificationId);
        Assert.True(failed.FollowUp);
        Assert.Equal(BounceKinds.Hard, failed.Bounce);
    }

    [Fact]
    public async Task A_wrong_or_missing_secret_is_refused_401()
    {
        var dsn = BounceReports.Dsn("bounce+x@" + BounceFixture.ReplyDomain, "failed", "5.1.1", "No such user");
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(dsn, "not-the-secret-0123456789abcdef0123456789", envelopeTo: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(dsn, secret: null, envelopeTo: null)).StatusCode);
    }

    [Fact]
    public async Task Mail_to_no_bounce_address_and_a_forged_bounce_address_are_dropped_and_say_so()
    {
        var plain = await PostAsync(BounceReports.PlainMail("someone@" + BounceFixture.ReplyDomain), BounceFixture.InboundSecret, envelopeTo: null);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("refused", await OutcomeAsync(plain));

        var forged = BounceToken.AddressOf("a-key-that-is-not-the-gateways-0123456789abcdef", BounceFixture.ReplyDomain, "n-never-sent");
        var refused = await PostAsync(BounceReports.Dsn(forged, "failed", "5.1.1", "No such user"), BounceFixture.InboundSecret, envelopeTo: forged);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("refused", await OutcomeAsync(refused));
    }

    [Fact]
    public async Task A_body_that_is_not_MIME_is_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, InboundMailEndpoint.Path) { Content = new ByteArrayContent([0xff, 0xfe, 0x00]) };
        request.Headers.Add(InboundMailEndpoint.SecretHeader, BounceFixture.InboundSecret);
        var response = await fixture.Http.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK, $"answered {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.OK)
            Assert.Equal("refused", await OutcomeAsync(response));
    }

    private async Task<HttpResponseMessage> PostAsync(MimeMessage mail, string? secret, string? envelopeTo)
    {
        using var stream = new MemoryStream();
        await mail.WriteToAsync(stream);
        using var request = new HttpRequestMessage(HttpMethod.Post, InboundMailEndpoint.Path) { Content = new ByteArrayContent(stream.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        if (secret is not null)
            request.Headers.Add(InboundMailEndpoint.SecretHeader, secret);
        if (envelopeTo is not null)
            request.Headers.Add(InboundMailEndpoint.EnvelopeToHeader, envelopeTo);
        return await fixture.Http.SendAsync(request);
    }

    private static async Task<string?> OutcomeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString();
}
