using System.Net;
using System.Net.Http.Json;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.EmailSendersFixture;

namespace Notifications.IntegrationTests.Security;

/// <summary>
/// Issue 22, item 8: changes through the admin API and the console, sign-ins and refused attempts are kept in Redis
/// (shared by the admin instances) and shown on the console's audit page: who, when, what, never a secret.
/// </summary>
[Collection(EmailSendersCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AuditTrailTests(EmailSendersFixture fixture)
    : TwoAdminInstancesTest(fixture, new Dictionary<string, string?> { ["Admin:AuditMaxEntries"] = "12" })
{
    private const string Password = "audit-never-shows-this";

    [Fact]
    public async Task ApiAndConsoleChanges_SignIns_AndRefusedAttempts_AreShownOnTheAuditPage_WithoutSecrets()
    {
        using var api = new ConsoleClient(First, "203.0.113.40");
        api.Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        (await api.Http.PostAsJsonAsync("/admin/email/test", new { to = "ops@helpdesk.test" })).EnsureSuccessStatusCode();
        (await api.Http.PutAsJsonAsync("/admin/email/settings", new { smtp = new { username = "mailer", password = Password } })).EnsureSuccessStatusCode();
        (await api.Http.PutAsJsonAsync("/admin/channels", new { sms = false })).EnsureSuccessStatusCode();
        (await api.Http.PostAsync("/admin/email/digest/flush", null)).EnsureSuccessStatusCode();
        using var guesser = new ConsoleClient(First, "203.0.113.41");
        guesser.Http.DefaultRequestHeaders.Add("X-Api-Key", "guessed-" + Password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.Http.GetAsync("/admin/providers")).StatusCode);

        using var console = new ConsoleClient(Second, "198.51.100.42");
        var token = await console.AntiforgeryTokenAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.SignInAsync(token, "wrong-" + Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await console.SignInAsync(token, ApiKey)).StatusCode);
        var page = await console.Http.GetStringAsync("/console/audit");

        Assert.Contains("email settings changed", page);
        Assert.Contains("smtp.username, smtp.password", page);
        Assert.Contains("channels switched", page);
        Assert.Contains("sms off", page);
        Assert.Contains("GET /admin/providers: wrong key", page);
        Assert.Contains("to o***@helpdesk.test: sent", page);
        Assert.Contains("digests flushed", page);
        Assert.Contains("wrong key or password", page);
        Assert.Contains("signed in", page);
        Assert.Contains("admin API key", page);
        Assert.Contains("console session", page);
        Assert.Contains("203.0.113.40", page);
        Assert.Contains("198.51.100.42", page);
        Assert.DoesNotContain(Password, page);
        Assert.DoesNotContain(ApiKey, page);

        // Bounded: the oldest entries go first.
        for (var i = 0; i < 14; i++)
            (await api.Http.PutAsJsonAsync("/admin/channels", new { push = i % 2 == 0 })).EnsureSuccessStatusCode();
        var bounded = await console.Http.GetStringAsync("/console/audit");
        Assert.DoesNotContain("email settings changed", bounded);
        Assert.Equal(12, bounded.Split("<tr class=\"entry\">").Length - 1);
    }

    [Fact]
    public async Task TheAuditPage_NeedsASession()
    {
        using var anonymous = new ConsoleClient(First, "203.0.113.43");

        var response = await anonymous.Http.GetAsync("/console/audit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/console/sign-in", response.Headers.Location?.ToString());
    }
}
