using System.Net;
using System.Text;
using MimeKit;
using Notifications.Contracts;

namespace Notifications.IntegrationTests.Preferences;

/// <summary>
/// The one-click unsubscribe of users' emails (RFC 8058), through the real email sender, gateway and router: the
/// headers, a GET that only shows the page, the one-click POST that opts out (the next email suppressed
/// <c>opted-out</c>), a harmless replay, and forged or cut tokens refused.
/// </summary>
[Collection(PreferencesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class UnsubscribeLinkTests(PreferencesFixture pipeline) : IDisposable
{
    private readonly HttpClient http = new();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task A_users_email_carries_List_Unsubscribe_and_one_click_POST_opts_them_out_while_GET_does_not()
    {
        var scenario = new PreferenceScenario(pipeline);
        await using var optOuts = await OptOutListener.StartAsync(pipeline);
        await scenario.StartAsync();

        var first = scenario.FromAgent();
        await pipeline.Platform.Publish(first);
        var email = await scenario.EmailAsync(first, scenario.UserEmail);
        var (link, mailto) = ListUnsubscribe(email);
        Assert.StartsWith(PipelineFixture.UnsubscribeBaseUrl + "/unsubscribe/", link);
        Assert.StartsWith($"mailto:{PipelineFixture.UnsubscribeMailbox}?subject=unsubscribe%20", mailto);
        Assert.Equal("List-Unsubscribe=One-Click", email.Headers["List-Unsubscribe-Post"]);
        var onGateway = OnGateway(link);

        // A link scanner opens it: a page with a button, and nobody is unsubscribed.
        using (var page = await http.GetAsync(onGateway))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("<form method=\"post\"", html);
            Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\"", html);
        }
        await PreferenceScenario.SettleAsync();
        Assert.Empty(await optOuts.StoredAsync(scenario.UserId));
        Assert.DoesNotContain(optOuts.OptedOut, o => o.ParticipantId == scenario.UserId);

        // The mail program's one click.
        using (var unsubscribed = await OneClickAsync(onGateway))
        {
            Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
            Assert.Contains("no longer receive email", await unsubscribed.Content.ReadAsStringAsync());
        }
        await optOuts.WaitStoredAsync(scenario.UserId, Channels.Email);
        var published = Assert.Single(optOuts.OptedOut, o => o.ParticipantId == scenario.UserId);
        Assert.Equal(Channels.Email, published.Channel);
        Assert.Equal(OptOutReasons.Unsubscribe, published.Reason);
        var stored = (string?)await pipeline.Redis.GetDatabase().HashGetAsync(pipeline.KeyPrefix + "opt-outs:" + scenario.UserId, Channels.Email);

        // Replayed (a second click, a retrying mail program): answered alike, and nothing changes.
        using (var replay = await OneClickAsync(onGateway))
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await Infrastructure.Eventually.TrueAsync(() => optOuts.OptedOut.Count(o => o.ParticipantId == scenario.UserId) == 2, "the replayed opt-out");
        await PreferenceScenario.SettleAsync();
        Assert.Equal(stored, (string?)await pipeline.Redis.GetDatabase().HashGetAsync(pipeline.KeyPrefix + "opt-outs:" + scenario.UserId, Channels.Email));

        // The next email to them is suppressed opted-out, in a new offline session (so U2 is not what stops it); the SMS still goes.
        await pipeline.StartOfflineSessionAsync(scenario.UserId);
        var next = scenario.FromAgent();
        await pipeline.Platform.Publish(next);
        var suppressed = await scenario.SuppressionAsync(next, scenario.UserId, Channels.Email);
        Assert.Equal("opted-out", suppressed.Reason);
        Assert.Equal("U1", suppressed.Rule);
        await scenario.SmsAsync(next, scenario.UserPhone);
        Assert.False(scenario.EmailSent(next, scenario.UserEmail));
    }

    [Fact]
    public async Task A_forged_tampered_or_cut_token_is_refused_with_a_page_and_opts_nobody_out()
    {
        var scenario = new PreferenceScenario(pipeline);
        await using var optOuts = await OptOutListener.StartAsync(pipeline);
        await scenario.StartAsync();
        var genuine = Notifications.Signing.UnsubscribeToken.Create(PipelineFixture.UnsubscribeSigningKey, scenario.UserId, Channels.Email);
        var parts = genuine.Split('.');
        var otherId = Convert.ToBase64String(Encoding.UTF8.GetBytes(scenario.AgentId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var forgedWithAnotherKey = Notifications.Signing.UnsubscribeToken.Create("an-attackers-own-key-0123456789-abcdef", scenario.UserId, Channels.Email);

        var refusals = new (string Token, HttpStatusCode Status)[]
        {
            (forgedWithAnotherKey, HttpStatusCode.Forbidden),
            ($"{otherId}.{parts[1]}.{parts[2]}", HttpStatusCode.Forbidden),     // someone else's id under this signature
            ($"{parts[0]}.sms.{parts[2]}", HttpStatusCode.Forbidden),           // another channel
            ($"{parts[0]}.{parts[1]}", HttpStatusCode.BadRequest),              // cut when copied
            ("not-a-token", HttpStatusCode.BadRequest),
        };
        foreach (var (token, status) in refusals)
        {
            var url = new Uri(pipeline.GatewayUrl, "/unsubscribe/" + Uri.EscapeDataString(token));
            using var post = await OneClickAsync(url);
            using var get = await http.GetAsync(url);
            Assert.Equal(status, post.StatusCode);
            Assert.Equal(status, get.StatusCode);
            var page = await post.Content.ReadAsStringAsync();
            Assert.Contains("This unsubscribe link cannot be used", page);
            Assert.DoesNotContain(PipelineFixture.UnsubscribeSigningKey, page);
        }
        await PreferenceScenario.SettleAsync();
        Assert.Empty(await optOuts.StoredAsync(scenario.UserId));
        Assert.Empty(await optOuts.StoredAsync(scenario.AgentId));
        Assert.DoesNotContain(optOuts.OptedOut, o => o.ParticipantId == scenario.UserId || o.ParticipantId == scenario.AgentId);
    }

    /// <summary>RFC 8058: a POST of <c>List-Unsubscribe=One-Click</c>, form-encoded.</summary>
    private Task<HttpResponseMessage> OneClickAsync(Uri url) =>
        http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

    /// <summary>The link's path on the gateway of this run (the public base is a name only the test knows).</summary>
    private Uri OnGateway(string link) => new(pipeline.GatewayUrl, new Uri(link).AbsolutePath);

    private static (string Link, string Mailto) ListUnsubscribe(MimeMessage email)
    {
        var header = email.Headers["List-Unsubscribe"];
        Assert.NotNull(header);
        var values = header.Split(',').Select(value => value.Trim().Trim('<', '>')).ToArray();
        Assert.Equal(2, values.Length);
        return (values[0], values[1]);
    }
}
