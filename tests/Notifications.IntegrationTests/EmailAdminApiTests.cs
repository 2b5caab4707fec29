using Notifications.Admin;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Email.Templates;
using Notifications.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using static Notifications.IntegrationTests.EmailSendersFixture;

namespace Notifications.IntegrationTests;

/// <summary>The email sender's admin API over real Kestrel, two instances sharing one Redis.</summary>
[Collection(EmailSendersCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EmailAdminApiTests(EmailSendersFixture fixture)
{
    [Fact]
    public async Task MissingOrWrongApiKey_Is401()
    {
        using var none = AdminClient(fixture.AdminA, apiKey: null);
        using var wrong = AdminClient(fixture.AdminA, apiKey: "not-the-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/admin/email/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/admin/email/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsync("/admin/email/digest/flush", null)).StatusCode);
    }

    [Fact]
    public async Task WithoutConfiguredApiKey_EveryRequestIsRefused_SayingWhatToSet()
    {
        var configuration = new Dictionary<string, string?>(fixture.Configuration) { ["Admin:ApiKey"] = null };
        var instance = await ServiceHost.StartAsync("Notifications.Admin", AdminHost.Build, configuration);
        try
        {
            using var client = AdminClient(instance, apiKey: "anything");
            var response = await client.GetAsync("/admin/email/settings");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("Admin:ApiKey", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            await instance.StopAsync();
            await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task TemplateWithUnknownMergeField_Is400NamingTheFieldAndMergeField()
    {
        using var client = AdminClient(fixture.AdminA);

        var response = await client.PutAsJsonAsync("/admin/email/templates/agent/message/de",
            new { subject = "Neue Nachricht von {sender_name}", body = "{nachricht}", isHtml = false });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("body", json.RootElement.GetProperty("field").GetString());
        Assert.Equal("nachricht", json.RootElement.GetProperty("mergeField").GetString());
        Assert.Contains("{nachricht}", json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task TranscriptInAPerMessageTemplate_Is400()
    {
        using var client = AdminClient(fixture.AdminA);

        var response = await client.PutAsJsonAsync("/admin/email/templates/user/message", new { subject = "Hi", body = "{transcript}" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"mergeField\":\"transcript\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InvalidSettings_Are400NamingTheField()
    {
        using var client = AdminClient(fixture.AdminA);

        var port = await client.PutAsJsonAsync("/admin/email/settings", new { smtp = new { port = 70000 } });
        var schedule = await client.PutAsJsonAsync("/admin/email/settings", new { digest = new { schedule = "often" } });
        var security = await client.PutAsJsonAsync("/admin/email/settings", new { smtp = new { security = "Ssl3" } });

        Assert.Equal(HttpStatusCode.BadRequest, port.StatusCode);
        Assert.Contains("\"field\":\"smtp.port\"", await port.Content.ReadAsStringAsync());
        Assert.Contains("\"field\":\"digest.schedule\"", await schedule.Content.ReadAsStringAsync());
        Assert.Contains("\"field\":\"smtp.security\"", await security.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SmtpPassword_IsWriteOnly_NeverEchoed()
    {
        const string password = "hunter2-very-secret";
        using var client = AdminClient(fixture.AdminA);
        try
        {
            var put = await client.PutAsJsonAsync("/admin/email/settings", new { smtp = new { username = "mailer", password } });
            var putBody = await put.Content.ReadAsStringAsync();
            var get = await client.GetStringAsync("/admin/email/settings");

            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.DoesNotContain(password, putBody);
            Assert.DoesNotContain(password, get);
            using var json = JsonDocument.Parse(get);
            Assert.True(json.RootElement.GetProperty("smtp").GetProperty("passwordSet").GetBoolean());
        }
        finally
        {
            await ResetSettingsAsync();
        }
    }

    [Fact]
    public async Task ChangeMadeThroughOneInstance_IsSeenByTheOther()
    {
        using var a = AdminClient(fixture.AdminA);
        using var b = AdminClient(fixture.AdminB);
        try
        {
            await b.GetStringAsync("/admin/email/settings"); // B has the settings cached now.
            (await a.PutAsJsonAsync("/admin/email/settings", new { fromName = "Support team" })).EnsureSuccessStatusCode();
            (await a.PutAsJsonAsync("/admin/email/templates/user/digest/fr",
                new { subject = "{transcript} dans votre conversation", body = "Bonjour {recipient_name}\n{transcript}", isHtml = false })).EnsureSuccessStatusCode();

            await Eventually.TrueAsync(async () => (await b.GetStringAsync("/admin/email/settings")).Contains("\"fromName\":\"Support team\""),
                "instance B to see the new sender name", TimeSpan.FromSeconds(10));
            var template = await b.GetStringAsync("/admin/email/templates/user/digest/fr");
            Assert.Contains("\"source\":\"stored\"", template);
            Assert.Contains("dans votre conversation", template);

            var resolved = await fixture.SenderB.Services.GetRequiredService<TemplateStore>().ResolveAsync("user", TemplateKind.Digest, "fr-CA");
            Assert.Equal("user/digest/fr", resolved.Source);
        }
        finally
        {
            await a.DeleteAsync("/admin/email/templates/user/digest/fr");
            await ResetSettingsAsync();
        }
    }

    [Fact]
    public async Task StoredTemplateThatBecameInvalid_IsSkipped_AndTheBuiltInIsUsed()
    {
        var db = fixture.Redis.GetDatabase();
        await db.HashSetAsync(fixture.KeyPrefix + "email:templates", "agent/message/it", """{"subject":"Ciao","body":"{messaggio}","isHtml":false}""");
        await db.HashSetAsync(fixture.KeyPrefix + "email:templates", "agent/message", """{"subject":"Hi","body":"{bogus}","isHtml":false}""");
        await fixture.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(fixture.KeyPrefix + "email:changed"), "changed");
        try
        {
            var store = fixture.SenderA.Services.GetRequiredService<TemplateStore>();
            await Eventually.TrueAsync(async () => (await store.ResolveAsync("agent", TemplateKind.Message, "it")).Source == "built-in",
                "the invalid templates to be skipped", TimeSpan.FromSeconds(10));

            using var client = AdminClient(fixture.AdminA);
            var shown = await client.GetStringAsync("/admin/email/templates/agent/message/it");
            Assert.Contains("\"valid\":false", shown);
            Assert.Contains("{messaggio}", shown);
        }
        finally
        {
            await db.HashDeleteAsync(fixture.KeyPrefix + "email:templates", ["agent/message/it", "agent/message"]);
            await ResetSettingsAsync();
        }
    }

    [Fact]
    public async Task SendTestEmail_ThroughTheSmtpServer_Is200()
    {
        using var client = AdminClient(fixture.AdminA);

        var response = await client.PostAsJsonAsync("/admin/email/test", new { to = "ops@helpdesk.test" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.TrueAsync(() => fixture.Smtp.Messages.Any(m => m.To.Mailboxes.Any(to => to.Address == "ops@helpdesk.test")), "the test email");
    }

    [Fact]
    public async Task SendTestEmail_ToAClosedPort_ReportsConnectionRefused()
    {
        using var client = AdminClient(fixture.AdminA);
        try
        {
            (await client.PutAsJsonAsync("/admin/email/settings", new { smtp = new { port = SmtpSink.FreePort(), password = "p4ss-secret" } })).EnsureSuccessStatusCode();

            var response = await client.PostAsJsonAsync("/admin/email/test", new { to = "ops@helpdesk.test" });
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("connection-refused", json.RootElement.GetProperty("failure").GetString());
            Assert.Contains("connection refused", json.RootElement.GetProperty("error").GetString());
            Assert.DoesNotContain("p4ss-secret", body);
        }
        finally
        {
            await ResetSettingsAsync();
        }
    }

    [Fact]
    public async Task SendTestEmail_WithCredentialsTheServerRefuses_ReportsAuthentication()
    {
        await using var server = new ScriptedSmtpServer();
        var (failure, error, body) = await TestEmailAgainstAsync(new { host = "127.0.0.1", port = server.Port, username = "mailer", password = "wr0ng-secret" }, "ops@helpdesk.test");

        Assert.Equal("authentication", failure);
        Assert.Contains("authentication failed", error);
        Assert.Contains("Email:Smtp:Password", error);
        Assert.DoesNotContain("wr0ng-secret", body);
    }

    [Fact]
    public async Task SendTestEmail_ToARecipientTheServerRefuses_ReportsTheRejection()
    {
        await using var server = new ScriptedSmtpServer();
        var (failure, error, body) = await TestEmailAgainstAsync(new { host = "127.0.0.1", port = server.Port }, "rejected-ops@helpdesk.test");

        Assert.Equal("recipient-rejected", failure);
        Assert.Contains("rejected the recipient: 550", error);
        Assert.Empty(server.Accepted);
        Assert.DoesNotContain("rejected-ops@helpdesk.test", error);
        Assert.Contains("\"ok\":false", body);
    }

    [Fact]
    public async Task SendTestEmail_ToAHostThatDoesNotResolve_ReportsDns()
    {
        // .invalid never resolves (RFC 2606), so this fails at the name lookup on any machine.
        var (failure, error, _) = await TestEmailAgainstAsync(new { host = "smtp.nowhere.invalid", port = 2525 }, "ops@helpdesk.test");

        Assert.Equal("dns", failure);
        Assert.Contains("host not found", error);
        Assert.Contains("smtp.nowhere.invalid", error);
    }

    /// <summary>Points SMTP somewhere for one test email and answers the failure kind, its exact error and the body.</summary>
    private async Task<(string? Failure, string Error, string Body)> TestEmailAgainstAsync(object smtp, string to)
    {
        using var client = AdminClient(fixture.AdminA);
        try
        {
            (await client.PutAsJsonAsync("/admin/email/settings", new { smtp })).EnsureSuccessStatusCode();
            var response = await client.PostAsJsonAsync("/admin/email/test", new { to });
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            using var json = JsonDocument.Parse(body);
            return (json.RootElement.GetProperty("failure").GetString(), json.RootElement.GetProperty("error").GetString() ?? "", body);
        }
        finally
        {
            await ResetSettingsAsync();
        }
    }

    [Fact]
    public async Task StoredTemplateThatNoLongerParses_IsShownInvalidWithTheReason_NotA500()
    {
        var db = fixture.Redis.GetDatabase();
        await db.HashSetAsync(fixture.KeyPrefix + "email:templates", "user/message/nl", """{"subject":"Hallo","body":""");
        try
        {
            using var client = AdminClient(fixture.AdminA);
            var response = await client.GetAsync("/admin/email/templates/user/message/nl");
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(body);
            Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
            Assert.Contains("not valid JSON", json.RootElement.GetProperty("error").GetString());
        }
        finally
        {
            await db.HashDeleteAsync(fixture.KeyPrefix + "email:templates", "user/message/nl");
        }
    }

    [Fact]
    public async Task SendTestEmail_ToAnInvalidAddress_Is400NamingTo()
    {
        using var client = AdminClient(fixture.AdminA);

        var response = await client.PostAsJsonAsync("/admin/email/test", new { to = "not an address" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"field\":\"to\"", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Back to the configuration, on every instance.</summary>
    private async Task ResetSettingsAsync()
    {
        await fixture.Redis.GetDatabase().KeyDeleteAsync(fixture.KeyPrefix + "email:settings");
        await fixture.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(fixture.KeyPrefix + "email:changed"), "changed");
    }
}
