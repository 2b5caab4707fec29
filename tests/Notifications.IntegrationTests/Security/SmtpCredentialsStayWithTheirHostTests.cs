using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Email.Settings;
using Notifications.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using static Notifications.IntegrationTests.EmailSendersFixture;

namespace Notifications.IntegrationTests.Security;

/// <summary>
/// Issue 22, item 1: whoever holds the admin key cannot move the stored SMTP password to a server of their own.
/// Two real SMTP servers in the test process: the one the password was given for, and one that must never see it.
/// </summary>
[Collection(EmailSendersCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SmtpCredentialsStayWithTheirHostTests(EmailSendersFixture fixture)
{
    private const string Password = "stay-home-s3cret";

    [Fact]
    public async Task ChangedPortOrSecurity_WithoutThePassword_Is400NamingSmtpPassword_AndTheOtherServerNeverSeesIt()
    {
        await using var trusted = new CredentialRecordingSmtpServer();
        await using var other = new CredentialRecordingSmtpServer();
        using var client = AdminClient(fixture.AdminA);
        try
        {
            (await client.PutAsJsonAsync("/admin/email/settings",
                new { smtp = new { host = "127.0.0.1", port = trusted.Port, security = "None", username = "mailer", password = Password } })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync("/admin/email/test", new { to = "ops@helpdesk.test" })).EnsureSuccessStatusCode();
            Assert.Contains(("mailer", Password), trusted.Credentials);

            var movedPort = await client.PutAsJsonAsync("/admin/email/settings", new { smtp = new { port = other.Port } });
            var movedHost = await client.PutAsJsonAsync("/admin/email/settings", new { smtp = new { host = "localhost", port = other.Port } });
            var downgraded = await client.PutAsJsonAsync("/admin/email/settings", new { smtp = new { security = "StartTls" } });
            foreach (var refused in new[] { movedPort, movedHost, downgraded })
            {
                var body = await refused.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                using var json = JsonDocument.Parse(body);
                Assert.Equal("smtp.password", json.RootElement.GetProperty("field").GetString());
                Assert.Contains("smtp.password must be given again", json.RootElement.GetProperty("error").GetString());
                Assert.DoesNotContain(Password, body);
            }

            // Nothing was stored by the refused changes: the test email still goes to the trusted server.
            (await client.PostAsJsonAsync("/admin/email/test", new { to = "ops@helpdesk.test" })).EnsureSuccessStatusCode();
            Assert.Equal(0, other.MessagesAccepted);

            // Moving with the password cleared is accepted, and the other server gets mail but no credential.
            (await client.PutAsJsonAsync("/admin/email/settings", new { smtp = new { port = other.Port, username = "", password = "" } })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync("/admin/email/test", new { to = "ops@helpdesk.test" })).EnsureSuccessStatusCode();
            Assert.Equal(1, other.MessagesAccepted);
            Assert.Empty(other.Credentials);
        }
        finally
        {
            await ResetSettingsAsync();
        }
    }

    [Fact]
    public async Task ChangedHost_WithANewPassword_SendsOnlyTheNewPasswordToTheNewServer()
    {
        await using var trusted = new CredentialRecordingSmtpServer();
        await using var other = new CredentialRecordingSmtpServer();
        using var client = AdminClient(fixture.AdminA);
        try
        {
            (await client.PutAsJsonAsync("/admin/email/settings",
                new { smtp = new { host = "127.0.0.1", port = trusted.Port, security = "None", username = "mailer", password = Password } })).EnsureSuccessStatusCode();

            (await client.PutAsJsonAsync("/admin/email/settings", new { smtp = new { port = other.Port, password = "the-other-one" } })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync("/admin/email/test", new { to = "ops@helpdesk.test" })).EnsureSuccessStatusCode();

            Assert.Equal([("mailer", "the-other-one")], other.Credentials.ToArray());
            Assert.Empty(trusted.Credentials);
        }
        finally
        {
            await ResetSettingsAsync();
        }
    }

    [Fact]
    public async Task StoredPasswordGivenForAnotherServer_IsNotSent_EvenWhenTheDocumentWasChangedBehindTheApi()
    {
        await using var trusted = new CredentialRecordingSmtpServer();
        await using var other = new CredentialRecordingSmtpServer();
        using var client = AdminClient(fixture.AdminA);
        try
        {
            // What a change that skipped the API's check would store: the port moved, the password and its server kept.
            var moved = new RuntimeEmailSettings
            {
                SmtpHost = "127.0.0.1", SmtpPort = other.Port, SmtpSecurity = "None", SmtpUsername = "mailer",
                SmtpPassword = Password, SmtpPasswordServer = SmtpServerIdentity.Of("127.0.0.1", trusted.Port, "None"),
            };
            await fixture.Redis.GetDatabase().StringSetAsync(fixture.KeyPrefix + "email:settings",
                JsonSerializer.Serialize(moved, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            await fixture.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(fixture.KeyPrefix + "email:changed"), "changed");
            await Eventually.TrueAsync(async () => (await client.GetStringAsync("/admin/email/settings")).Contains($"\"port\":{other.Port}"),
                "the moved port to be in effect", TimeSpan.FromSeconds(10));

            (await client.PostAsJsonAsync("/admin/email/test", new { to = "ops@helpdesk.test" })).EnsureSuccessStatusCode();

            Assert.Equal(1, other.MessagesAccepted);
            // The user name is no secret and still goes; the password does not.
            Assert.All(other.Credentials, credential => Assert.Equal("", credential.Password));
            Assert.Contains("\"passwordSet\":false", await client.GetStringAsync("/admin/email/settings"));
        }
        finally
        {
            await ResetSettingsAsync();
        }
    }

    [Fact]
    public async Task TheConsole_RefusesAHostChangeWithoutThePassword_NamingItBesideThePasswordField()
    {
        await using var trusted = new CredentialRecordingSmtpServer();
        await using var other = new CredentialRecordingSmtpServer();
        using var api = AdminClient(fixture.AdminA);
        using var console = new ConsoleClient(fixture.AdminA, "198.51.100.60");
        try
        {
            (await api.PutAsJsonAsync("/admin/email/settings",
                new { smtp = new { host = "127.0.0.1", port = trusted.Port, security = "None", username = "mailer", password = Password } })).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.Redirect, (await console.SignInAsync(await console.AntiforgeryTokenAsync(), ApiKey)).StatusCode);
            var token = ConsoleClient.AntiforgeryTokenOf(await console.Http.GetStringAsync("/console/settings"));

            // The form as the page shows it, with only the port changed.
            var response = await console.Http.PostAsync("/console/settings", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__csrf"] = token,
                ["smtp.host"] = "127.0.0.1",
                ["smtp.port"] = other.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["smtp.security"] = "None",
                ["smtp.username"] = "mailer",
                ["smtp.password"] = "",
                ["from"] = "notifications@helpdesk.test",
                ["fromName"] = "Help desk",
                ["adminBaseUrl"] = "https://admin.helpdesk.test",
                ["digest.enabled"] = "on",
                ["digest.schedule"] = "0 0 1 1 *",
                ["digest.cancelIfOnline"] = "on",
            }));
            var page = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("smtp.password must be given again", page);
            Assert.Contains("error-smtp.password", page);
            Assert.DoesNotContain(Password, page);
            Assert.Contains($"\"port\":{trusted.Port}", await api.GetStringAsync("/admin/email/settings"));
        }
        finally
        {
            await ResetSettingsAsync();
        }
    }

    private async Task ResetSettingsAsync()
    {
        await fixture.Redis.GetDatabase().KeyDeleteAsync(fixture.KeyPrefix + "email:settings");
        await fixture.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(fixture.KeyPrefix + "email:changed"), "changed");
    }
}
