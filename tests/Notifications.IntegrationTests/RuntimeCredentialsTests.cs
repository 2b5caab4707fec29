using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit;
using Notifications.Contracts;
using Notifications.Admin.AdminApi;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.IntegrationTests;

/// <summary>
/// <c>GET/PUT /admin/providers</c> against the running SMS and push senders: credentials entered at run time are
/// used from the next notification on, without a restart, and removing them goes back to the configuration (here:
/// none, so the senders record to folders). Secrets are never answered or logged.
/// </summary>
[Collection(RuntimeCredentialsCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RuntimeCredentialsTests(RuntimeCredentialsFixture fixture)
{
    private const string TwilioSid = "AC7e57000000000000000000000000beef";
    private const string OneSignalAppId = "5eb5a37e-b458-11e3-ac11-000c2940e62c";
    private const string PusherAppId = "1234567";
    private const string PusherKey = "runtimepusherkey0001";

    [Fact]
    public async Task Twilio_credentials_entered_at_run_time_are_used_by_the_running_sms_sender_and_removing_them_goes_back_to_recording()
    {
        var authToken = "rt-token-" + Guid.NewGuid().ToString("N");
        using var admin = Client();
        try
        {
            await Eventually.TrueAsync(async () => InEffect(await GetAsync(admin), "twilio") == "none", "the SMS sender to report no configured Twilio");
            Assert.Equal("sms-record-directory", (await SendSmsAsync()).Provider);

            var put = await admin.PutAsJsonAsync("/admin/providers", new { twilio = new { accountSid = TwilioSid, authToken, from = "+15550007777" } });
            var answer = await put.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.DoesNotContain(authToken, answer);
            using (var json = JsonDocument.Parse(answer))
            {
                var twilio = json.RootElement.GetProperty("twilio");
                Assert.Equal("run-time", twilio.GetProperty("inEffect").GetString());
                Assert.True(twilio.GetProperty("runTime").GetProperty("authTokenSet").GetBoolean());
                Assert.Equal(TwilioSid, twilio.GetProperty("runTime").GetProperty("accountSid").GetString());
                Assert.False(twilio.GetProperty("runTime").TryGetProperty("authToken", out _));
            }

            // No restart: the next SMS goes to "Twilio" with the new account and token.
            var sent = await SendSmsAsync();
            Assert.Equal("twilio", sent.Provider);
            var request = Assert.Single(fixture.Providers.Requests, r => r.Path.Contains("/Messages.json") && r.Body.Contains(Uri.EscapeDataString(sent.Phone)));
            Assert.Contains($"/Accounts/{TwilioSid}/", request.Path);
            Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TwilioSid}:{authToken}")), request.Headers["Authorization"]);
            Assert.Contains("From=%2B15550007777", request.Body);

            // Only the sender changes: the stored token is kept when a set is changed without it.
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/admin/providers", new { twilio = new { from = "+15550008888" } })).StatusCode);
            var again = await SendSmsAsync();
            var second = Assert.Single(fixture.Providers.Requests, r => r.Path.Contains("/Messages.json") && r.Body.Contains(Uri.EscapeDataString(again.Phone)));
            Assert.Contains("From=%2B15550008888", second.Body);
            Assert.Equal(request.Headers["Authorization"], second.Headers["Authorization"]);

            var back = await admin.PutAsync("/admin/providers", JsonContent.Create(new Dictionary<string, object?> { ["twilio"] = null }));
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
            Assert.Equal("none", InEffect(JsonDocument.Parse(await back.Content.ReadAsStringAsync()), "twilio"));
            Assert.Equal("sms-record-directory", (await SendSmsAsync()).Provider);
        }
        finally
        {
            await admin.PutAsync("/admin/providers", JsonContent.Create(new Dictionary<string, object?> { ["twilio"] = null }));
        }

        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Message.Contains(authToken));
        Assert.Contains(fixture.Logs.Lines, line => line.Message.Contains("Provider credentials changed through the admin API: twilio (accountSid, authToken, from)"));
    }

    [Fact]
    public async Task OneSignal_and_pusher_channels_credentials_entered_at_run_time_reach_the_running_push_sender()
    {
        var apiKey = "os_v2_app_" + Guid.NewGuid().ToString("N");
        var secret = "pusher-secret-" + Guid.NewGuid().ToString("N");
        using var admin = Client();
        try
        {
            var put = await admin.PutAsJsonAsync("/admin/providers", new
            {
                oneSignal = new { appId = OneSignalAppId, apiKey },
                pusherChannels = new { appId = PusherAppId, key = PusherKey, secret, cluster = "eu" },
            });
            var answer = await put.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.DoesNotContain(apiKey, answer);
            Assert.DoesNotContain(secret, answer);

            var push = await SendPushAsync();
            Assert.Equal("onesignal", push.Provider);
            var oneSignal = Assert.Single(fixture.Providers.Requests, r => r.Path.EndsWith("/notifications") && r.Body.Contains(push.MessageId));
            Assert.Equal("Key " + apiKey, oneSignal.Headers["Authorization"]);
            Assert.Contains($"\"app_id\":\"{OneSignalAppId}\"", oneSignal.Body);

            var realtime = await SendAsync(QueueNames.SendRealtime, id => new SendRealtimeNotification
            {
                NotificationId = id,
                Rule = "A1",
                Recipient = new NotificationRecipient { Id = "agent-runtime", Role = ParticipantRoles.Agent, Name = "Pia" },
                Message = Message(id),
            });
            Assert.Equal("pusher-channels", realtime.Provider);
            Assert.Single(fixture.Providers.Requests, r => r.Path == $"/apps/{PusherAppId}/events" && r.Body.Contains(realtime.MessageId));
        }
        finally
        {
            await admin.PutAsync("/admin/providers", JsonContent.Create(new Dictionary<string, object?> { ["oneSignal"] = null, ["pusherChannels"] = null }));
        }

        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Message.Contains(apiKey) || line.Message.Contains(secret));
    }

    [Fact]
    public async Task Push_provider_chosen_at_run_time_takes_the_running_push_senders_android_devices_and_null_goes_back_to_configuration()
    {
        const string beamsInstance = "8f9a6e22-2483-49aa-8552-125f1a4c5781";
        var beamsSecret = "beams-secret-" + Guid.NewGuid().ToString("N");
        using var admin = Client();
        try
        {
            // The push sender has no Beams credentials of its own: choosing Beams alone is refused, naming the field.
            var refused = await admin.PutAsJsonAsync("/admin/providers", new { pushProvider = "PusherBeams" });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            using (var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
            {
                Assert.Equal("pushProvider", error.RootElement.GetProperty("field").GetString());
                Assert.Contains("has no credentials", error.RootElement.GetProperty("error").GetString());
            }

            // Both providers entered; unset, OneSignal takes the devices (the default when it has credentials).
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/admin/providers", new
            {
                oneSignal = new { appId = OneSignalAppId, apiKey = "os_v2_app_" + Guid.NewGuid().ToString("N") },
                pusherBeams = new { instanceId = beamsInstance, secretKey = beamsSecret },
            })).StatusCode);
            Assert.Equal("onesignal", (await SendPushAsync()).Provider);

            var chosen = await admin.PutAsJsonAsync("/admin/providers", new { pushProvider = "pusherbeams" });
            Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
            using (var state = JsonDocument.Parse(await chosen.Content.ReadAsStringAsync()))
            {
                Assert.Equal("PusherBeams", state.RootElement.GetProperty("pushProvider").GetProperty("runTime").GetString());
                Assert.Equal("run-time", state.RootElement.GetProperty("pushProvider").GetProperty("inEffect").GetString());
            }
            var viaBeams = await SendPushAsync();
            Assert.Equal("pusher-beams", viaBeams.Provider);
            var beams = Assert.Single(fixture.Providers.Requests, r => r.Path.Contains($"/instances/{beamsInstance}/publishes/users") && r.Body.Contains(viaBeams.MessageId));
            Assert.Equal("Bearer " + beamsSecret, beams.Headers["Authorization"]);

            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/admin/providers", JsonContent.Create(new Dictionary<string, object?> { ["pushProvider"] = null }))).StatusCode);
            using (var state = await GetAsync(admin))
                Assert.Equal(JsonValueKind.Null, state.RootElement.GetProperty("pushProvider").GetProperty("runTime").ValueKind);
            Assert.Equal("onesignal", (await SendPushAsync()).Provider);
        }
        finally
        {
            await admin.PutAsync("/admin/providers", JsonContent.Create(new Dictionary<string, object?> { ["pushProvider"] = null, ["oneSignal"] = null, ["pusherBeams"] = null }));
        }
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Message.Contains(beamsSecret));
    }

    private Task<Sent> SendPushAsync() => SendAsync(QueueNames.SendPush, id => new SendPush
    {
        NotificationId = id,
        Rule = "A4",
        Recipient = new NotificationRecipient
        {
            Id = "agent-runtime", Role = ParticipantRoles.Agent, Name = "Pia",
            PushDevices = [new PushDevice { DeviceId = "android-1", Platform = PushPlatforms.Android }],
        },
        Message = Message(id),
    });

    [Fact]
    public async Task With_an_encryption_key_what_is_entered_at_run_time_is_stored_encrypted_and_the_senders_still_use_it()
    {
        var authToken = "enc-token-" + Guid.NewGuid().ToString("N");
        var smtpPassword = "enc-smtp-" + Guid.NewGuid().ToString("N");
        var db = fixture.Redis.GetDatabase();
        using var admin = Client();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/admin/providers", new { twilio = new { accountSid = TwilioSid, authToken, from = "+15550006666" } })).StatusCode);
            var smtp = await admin.PutAsJsonAsync("/admin/email/settings", new { smtp = new { username = "mailer-enc", password = smtpPassword } });
            Assert.Equal(HttpStatusCode.OK, smtp.StatusCode);

            // What Redis holds (a dump, redis-cli) shows neither the secrets nor the rest of the documents.
            var providers = (string?)await db.StringGetAsync(fixture.KeyPrefix + "providers:settings");
            var email = (string?)await db.StringGetAsync(fixture.KeyPrefix + "email:settings");
            Assert.StartsWith("enc:v2:", providers);
            Assert.StartsWith("enc:v2:", email);
            Assert.DoesNotContain(authToken, providers);
            Assert.DoesNotContain(TwilioSid, providers);
            Assert.DoesNotContain(smtpPassword, email);
            Assert.DoesNotContain("mailer-enc", email);

            // The services with the key read them: the SMS sender sends with the token, the API describes the set.
            var sent = await SendSmsAsync();
            Assert.Equal("twilio", sent.Provider);
            var request = Assert.Single(fixture.Providers.Requests, r => r.Path.Contains("/Messages.json") && r.Body.Contains(Uri.EscapeDataString(sent.Phone)));
            Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TwilioSid}:{authToken}")), request.Headers["Authorization"]);
            using var state = await GetAsync(admin);
            Assert.Equal(TwilioSid, state.RootElement.GetProperty("twilio").GetProperty("runTime").GetProperty("accountSid").GetString());
        }
        finally
        {
            await admin.PutAsync("/admin/providers", JsonContent.Create(new Dictionary<string, object?> { ["twilio"] = null }));
            await admin.PutAsJsonAsync("/admin/email/settings", new { smtp = new { username = "", password = "" } });
        }
    }

    [Fact]
    public async Task Incomplete_or_malformed_credentials_are_400_naming_the_field_without_echoing_a_secret_and_nothing_is_stored()
    {
        const string secretValue = "do-not-echo-this-token-0001";
        using var admin = Client();

        async Task AssertRefusedAsync(HttpContent content, string field)
        {
            var response = await admin.PutAsync("/admin/providers", content);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain(secretValue, body);
            using var json = JsonDocument.Parse(body);
            Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
            if (field != "body")
                Assert.Contains(field, json.RootElement.GetProperty("error").GetString());
        }

        await AssertRefusedAsync(JsonContent.Create(new { twilio = new { accountSid = "AC123", authToken = secretValue, from = "+15550007777" } }), "twilio.accountSid");
        await AssertRefusedAsync(JsonContent.Create(new { twilio = new { accountSid = TwilioSid, authToken = secretValue } }), "twilio.from");
        await AssertRefusedAsync(JsonContent.Create(new { twilio = new { accountSid = TwilioSid, authToken = secretValue, from = "Not-A-Sender-Id" } }), "twilio.from");
        await AssertRefusedAsync(JsonContent.Create(new { twilio = new { accountSid = TwilioSid, from = "+15550007777" } }), "twilio.authToken");
        await AssertRefusedAsync(JsonContent.Create(new { oneSignal = new { appId = "not-a-uuid", apiKey = secretValue } }), "oneSignal.appId");
        await AssertRefusedAsync(JsonContent.Create(new { pusherBeams = new { instanceId = OneSignalAppId, secretKey = "with space " + secretValue } }), "pusherBeams.secretKey");
        await AssertRefusedAsync(JsonContent.Create(new { pusherChannels = new { appId = "app", key = PusherKey, secret = secretValue } }), "pusherChannels.appId");
        await AssertRefusedAsync(JsonContent.Create(new { twilio = new { accountSid = TwilioSid, password = secretValue } }), "twilio.password");
        await AssertRefusedAsync(JsonContent.Create(new { twilio = new { accountSid = 42 } }), "twilio.accountSid");
        await AssertRefusedAsync(JsonContent.Create(new { fax = new { number = "1" } }), "fax");
        await AssertRefusedAsync(JsonContent.Create(new { pushProvider = "Firebase" }), "pushProvider");
        await AssertRefusedAsync(JsonContent.Create(new { pushProvider = 1 }), "pushProvider");
        await AssertRefusedAsync(JsonContent.Create(new { twilio = "off" }), "twilio");
        await AssertRefusedAsync(new StringContent("{\"twilio\": {\"authToken\": \"" + secretValue, Encoding.UTF8, "application/json"), "body");
        await AssertRefusedAsync(new StringContent("twilio=1", Encoding.UTF8, "application/x-www-form-urlencoded"), "body");

        using var state = await GetAsync(admin);
        foreach (var provider in new[] { "twilio", "oneSignal", "pusherBeams", "pusherChannels" })
            Assert.Equal(JsonValueKind.Null, state.RootElement.GetProperty(provider).GetProperty("runTime").ValueKind);
    }

    [Fact]
    public async Task Without_the_api_key_providers_are_neither_shown_nor_changed()
    {
        using var none = new HttpClient { BaseAddress = new Uri(fixture.Admin.Urls.First()) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/admin/providers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.PutAsJsonAsync("/admin/providers",
            new { twilio = new { accountSid = TwilioSid, authToken = "x", from = "+15550007777" } })).StatusCode);
    }

    [Fact]
    public async Task Each_sender_reports_its_configuration_without_secrets()
    {
        using var admin = Client();
        await Eventually.TrueAsync(async () =>
        {
            using var state = await GetAsync(admin);
            var senders = state.RootElement.GetProperty("senders");
            return senders.TryGetProperty("sms", out _) && senders.TryGetProperty("push", out _) && senders.TryGetProperty("realtime", out _);
        }, "the SMS and push senders to report their configuration");

        using var reported = await GetAsync(admin);
        var sms = reported.RootElement.GetProperty("senders").GetProperty("sms");
        Assert.Empty(sms.GetProperty("configuredProviders").EnumerateArray());
        Assert.Contains("recording to the folder", sms.GetProperty("description").GetString());
        Assert.Equal("none", InEffect(reported, "pusherBeams"));
    }

    private sealed record Sent(string MessageId, string Phone, string Provider);

    private async Task<Sent> SendSmsAsync()
    {
        var phone = "+1555" + Random.Shared.Next(1000000, 9999999);
        var sent = await SendAsync(QueueNames.SendSms, id => new SendSms
        {
            NotificationId = id,
            Rule = "A4",
            Recipient = new NotificationRecipient { Id = "agent-runtime", Role = ParticipantRoles.Agent, Name = "Sid", Phone = phone },
            Message = Message(id),
        });
        return sent with { Phone = phone };
    }

    private async Task<Sent> SendAsync<T>(string queue, Func<string, T> command) where T : class
    {
        var messageId = "m-" + Guid.NewGuid().ToString("N")[..12];
        var notificationId = $"{messageId}:agent-runtime:{queue}";
        await fixture.Platform.SendToQueueAsync(queue, command(notificationId));
        await Eventually.TrueAsync(() => fixture.Outcomes.Delivered.Any(d => d.NotificationId == notificationId)
            || fixture.Outcomes.Failed.Any(f => f.NotificationId == notificationId), $"an outcome for {notificationId}");
        var delivered = fixture.Outcomes.Delivered.FirstOrDefault(d => d.NotificationId == notificationId)
            ?? throw new Xunit.Sdk.XunitException($"{notificationId} failed: {fixture.Outcomes.Failed.First(f => f.NotificationId == notificationId).Reason}");
        return new Sent(messageId, "", delivered.Provider);
    }

    private static NotifiedMessage Message(string id) => new()
    {
        MessageId = id.Split(':')[0],
        ConversationId = "conv-runtime",
        Sender = new MessageSender { Id = "user-ada", Role = ParticipantRoles.User, Name = "Ada" },
        Text = "Is my order on its way?",
        PostedAt = DateTimeOffset.UtcNow,
    };

    private HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = new Uri(fixture.Admin.Urls.First()) };
        client.DefaultRequestHeaders.Add(AdminApiKeyFilter.Header, RuntimeCredentialsFixture.ApiKey);
        return client;
    }

    private static async Task<JsonDocument> GetAsync(HttpClient admin) =>
        JsonDocument.Parse(await (await admin.GetAsync("/admin/providers")).EnsureSuccessStatusCode().Content.ReadAsStringAsync());

    private static string? InEffect(JsonDocument state, string provider) =>
        state.RootElement.GetProperty(provider).GetProperty("inEffect").GetString();
}
