using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Notifications.IntegrationTests.EmailSendersFixture;

namespace Notifications.IntegrationTests;

/// <summary><c>GET/PUT /admin/channels</c> over real Kestrel, two email sender instances sharing one Redis.</summary>
[Collection(EmailSendersCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ChannelAdminApiTests(EmailSendersFixture fixture)
{
    [Fact]
    public async Task Without_the_api_key_channels_are_neither_shown_nor_switched()
    {
        using var none = AdminClient(fixture.AdminA, apiKey: null);
        using var admin = AdminClient(fixture.AdminA);

        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/admin/channels")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.PutAsJsonAsync("/admin/channels", new { sms = false })).StatusCode);
        using var states = await GetAsync(admin);
        Assert.True(states.RootElement.GetProperty("sms").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task A_switch_made_on_one_instance_is_seen_by_the_other_and_null_goes_back_to_configuration()
    {
        using var a = AdminClient(fixture.AdminA);
        using var b = AdminClient(fixture.AdminB);
        try
        {
            using (var configured = await GetAsync(a))
            {
                foreach (var channel in new[] { "email", "sms", "push", "realtime" })
                    AssertState(configured, channel, enabled: true, "configuration");
            }

            Assert.Equal(HttpStatusCode.OK, (await a.PutAsJsonAsync("/admin/channels", new { sms = false })).StatusCode);
            using (var switched = await GetAsync(b))
            {
                AssertState(switched, "sms", enabled: false, "run-time");
                AssertState(switched, "email", enabled: true, "configuration");
            }

            var back = await b.PutAsync("/admin/channels", JsonContent.Create(new Dictionary<string, bool?> { ["sms"] = null }));
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
            using var restored = JsonDocument.Parse(await back.Content.ReadAsStringAsync());
            AssertState(restored, "sms", enabled: true, "configuration");
        }
        finally
        {
            await fixture.Redis.GetDatabase().HashDeleteAsync(fixture.KeyPrefix + "channels", "sms");
        }
    }

    [Fact]
    public async Task Unknown_channels_and_values_that_are_not_booleans_are_400_naming_them_and_nothing_changes()
    {
        using var client = AdminClient(fixture.AdminA);

        var unknown = await client.PutAsJsonAsync("/admin/channels", new { sms = false, fax = false, pager = true });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using (var json = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()))
        {
            Assert.Equal("fax", json.RootElement.GetProperty("field").GetString());
            Assert.Contains("fax, pager", json.RootElement.GetProperty("error").GetString());
        }

        var notBoolean = await client.PutAsJsonAsync("/admin/channels", new { sms = "off" });
        Assert.Equal(HttpStatusCode.BadRequest, notBoolean.StatusCode);
        Assert.Contains("\"field\":\"sms\"", await notBoolean.Content.ReadAsStringAsync());

        var notJson = await client.PutAsync("/admin/channels", new StringContent("sms=false", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var empty = await client.PutAsync("/admin/channels", new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        using var states = await GetAsync(client);
        AssertState(states, "sms", enabled: true, "configuration");
    }

    private static async Task<JsonDocument> GetAsync(HttpClient client)
    {
        var response = await client.GetAsync("/admin/channels");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static void AssertState(JsonDocument states, string channel, bool enabled, string source)
    {
        var state = states.RootElement.GetProperty(channel);
        Assert.Equal((enabled, source), (state.GetProperty("enabled").GetBoolean(), state.GetProperty("source").GetString()));
    }
}
