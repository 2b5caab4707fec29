using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;
using static Notifications.IntegrationTests.EmailSendersFixture;

namespace Notifications.IntegrationTests.Security;

/// <summary>
/// Issue 22, item 3: every admin endpoint that takes a body answers alike: 400 naming the field for a body that
/// is not JSON, an unknown field or a value of the wrong type; what a GET returned can be sent back as it is.
/// </summary>
[Collection(EmailSendersCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AdminApiErrorsTests(EmailSendersFixture fixture)
{
    private static readonly (HttpMethod Method, string Path)[] EndpointsWithABody =
    [
        (HttpMethod.Put, "/admin/email/settings"),
        (HttpMethod.Put, "/admin/email/templates/agent/message/sv"),
        (HttpMethod.Post, "/admin/email/test"),
        (HttpMethod.Put, "/admin/channels"),
        (HttpMethod.Put, "/admin/providers"),
    ];

    [Fact]
    public async Task NonJsonBody_Is400NamingTheBody_OnEveryAdminEndpoint()
    {
        using var client = AdminClient(fixture.AdminA);
        foreach (var (method, path) in EndpointsWithABody)
        {
            foreach (var content in new[] { new StringContent("smtp.host=evil", Encoding.UTF8, "text/plain"), new StringContent("{\"smtp\":", Encoding.UTF8, "application/json") })
            {
                var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = content });
                var body = await response.Content.ReadAsStringAsync();

                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {body}");
                Assert.Equal("body", Field(body));
            }
        }
    }

    [Fact]
    public async Task UnknownFields_Are400NamingThem_OnEveryAdminEndpoint()
    {
        using var client = AdminClient(fixture.AdminA);
        var cases = new (HttpMethod Method, string Path, object Body, string Field)[]
        {
            (HttpMethod.Put, "/admin/email/settings", new { smtp = new { hots = "smtp.example.com" } }, "smtp.hots"),
            (HttpMethod.Put, "/admin/email/settings", new { fromAddress = "a@example.com" }, "fromAddress"),
            (HttpMethod.Put, "/admin/email/settings", new { digest = new { every = "hour" } }, "digest.every"),
            (HttpMethod.Put, "/admin/email/templates/agent/message/sv", new { subjekt = "Hej", body = "{message}" }, "subjekt"),
            (HttpMethod.Post, "/admin/email/test", new { too = "ops@helpdesk.test" }, "too"),
            (HttpMethod.Put, "/admin/channels", new { fax = true }, "fax"),
            (HttpMethod.Put, "/admin/providers", new { twilio = new { sid = "AC1" } }, "twilio.sid"),
        };
        try
        {
            foreach (var (method, path, sent, field) in cases)
            {
                var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(sent) });
                var body = await response.Content.ReadAsStringAsync();

                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {body}");
                Assert.Equal(field, Field(body));
            }
            Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/admin/email/templates/agent/message/sv")).StatusCode);
        }
        finally
        {
            await ResetSettingsAsync();
        }
    }

    [Fact]
    public async Task ValueOfTheWrongType_Is400NamingTheFieldAsTheApiSpellsIt()
    {
        using var client = AdminClient(fixture.AdminA);

        var port = await client.PutAsJsonAsync("/admin/email/settings", new { smtp = new { port = "twenty-five" } });
        var enabled = await client.PutAsJsonAsync("/admin/email/settings", new { digest = new { enabled = "yes" } });
        var isHtml = await client.PutAsJsonAsync("/admin/email/templates/agent/message/sv", new { subject = "Hej", body = "{message}", isHtml = "no" });

        Assert.Equal(HttpStatusCode.BadRequest, port.StatusCode);
        var portBody = await port.Content.ReadAsStringAsync();
        Assert.Equal("smtp.port", Field(portBody));
        Assert.DoesNotContain("$", portBody);
        Assert.Equal("digest.enabled", Field(await enabled.Content.ReadAsStringAsync()));
        Assert.Equal("isHtml", Field(await isHtml.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task WhatAGetReturned_CanBePutBackAsItIs()
    {
        using var client = AdminClient(fixture.AdminA);
        const string template = "/admin/email/templates/agent/message/sv";
        try
        {
            (await client.PutAsJsonAsync("/admin/email/settings", new { smtp = new { username = "mailer", password = "get-put-s3cret" } })).EnsureSuccessStatusCode();
            var channelsBefore = await client.GetStringAsync("/admin/channels");

            foreach (var path in new[] { "/admin/email/settings", template, "/admin/channels", "/admin/providers" })
            {
                var shown = await client.GetStringAsync(path);
                var response = await client.PutAsync(path, new StringContent(shown, Encoding.UTF8, "application/json"));

                Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path} of its GET: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            var settings = await client.GetStringAsync("/admin/email/settings");
            Assert.Contains("\"passwordSet\":true", settings);
            Assert.DoesNotContain("get-put-s3cret", settings);
            Assert.Equal(channelsBefore, await client.GetStringAsync("/admin/channels"));
        }
        finally
        {
            await client.DeleteAsync(template);
            await ResetSettingsAsync();
        }
    }

    private static string? Field(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("field", out var field) ? field.GetString() : null;
    }

    private async Task ResetSettingsAsync()
    {
        await fixture.Redis.GetDatabase().KeyDeleteAsync(fixture.KeyPrefix + "email:settings");
        await fixture.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(fixture.KeyPrefix + "email:changed"), "changed");
    }
}
