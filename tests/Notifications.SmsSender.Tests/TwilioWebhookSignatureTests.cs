using StackExchange.Redis;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.SmsSender.Settings;
using Notifications.SmsSender.Webhooks;

namespace Notifications.SmsSender.Tests;

/// <summary>
/// The webhooks of the real SMS sender host (Kestrel on a free port), called as Twilio calls them: signed with
/// the auth token over the public URL and the form fields.
/// </summary>
public sealed class TwilioWebhookSignatureTests : IAsyncLifetime
{
    private const string AuthToken = "webhook-auth-token-value";
    private const string PublicBase = "https://sms.example.test/hooks";

    private readonly FakeThreads _threads = new();
    private readonly string _keyPrefix = $"test-{Guid.NewGuid():N}:";
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = Environment.GetEnvironmentVariable("REDIS_URL") ?? "localhost:6379",
            ["ConnectionStrings:rabbitmq"] = Environment.GetEnvironmentVariable("RABBITMQ_URL") ?? "amqp://guest:guest@localhost:5672/",
            ["Redis:KeyPrefix"] = _keyPrefix,
            ["Sms:Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Sms:Twilio:AuthToken"] = AuthToken,
            ["Sms:Twilio:From"] = "+14155550100",
            ["Sms:Twilio:PublicWebhookBaseUrl"] = PublicBase,
            ["urls"] = "http://127.0.0.1:0",
        });
        builder.Services.AddSingleton<ISmsThreadStore>(_threads);
        _app = SmsSenderHost.Build(builder);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        // The sender wrote its provider report (and replay guards) under this run's prefix: leave nothing behind.
        var redis = _app.Services.GetRequiredService<IConnectionMultiplexer>();
        foreach (var endpoint in redis.GetEndPoints())
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: _keyPrefix + "*"))
                await redis.GetDatabase().KeyDeleteAsync(key);
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Twilio's documented algorithm: HMAC-SHA1 (auth token) of the URL followed by each field name and value, sorted by name; base64.</summary>
    private static string TwilioSignature(string url, IReadOnlyDictionary<string, string> fields, string token = AuthToken)
    {
        var data = new StringBuilder(url);
        foreach (var field in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            data.Append(field.Key).Append(field.Value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data.ToString())));
    }

    private static Dictionary<string, string> Inbound(string from = "+15005550006") => new()
    {
        ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["MessageSid"] = "SM11111111111111111111111111111111",
        ["From"] = from,
        ["To"] = "+14155550100",
        ["Body"] = "On my way",
        ["NumMedia"] = "0",
    };

    private Task<HttpResponseMessage> PostAsync(string path, IReadOnlyDictionary<string, string> fields, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (signature is not null)
            request.Headers.Add(TwilioWebhooks.SignatureHeader, signature);
        return _http.SendAsync(request);
    }

    [Fact]
    public async Task Inbound_WithAValidSignature_FromAnUnknownNumber_AnswersEmptyTwiml()
    {
        var fields = Inbound();

        using var response = await PostAsync("/twilio/inbound", fields, TwilioSignature(PublicBase + "/twilio/inbound", fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<Response></Response>", await response.Content.ReadAsStringAsync());
        Assert.Equal(["+15005550006"], _threads.LookedUpNumbers);
    }

    [Fact]
    public async Task Inbound_WithATamperedBody_IsForbidden()
    {
        var fields = Inbound();
        var signature = TwilioSignature(PublicBase + "/twilio/inbound", fields);
        fields["Body"] = "Send me money";

        using var response = await PostAsync("/twilio/inbound", fields, signature);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(_threads.LookedUpNumbers);
    }

    [Fact]
    public async Task Inbound_SignedForAnotherUrl_IsForbidden()
    {
        var fields = Inbound();

        using var response = await PostAsync("/twilio/inbound", fields, TwilioSignature("https://elsewhere.example.test/twilio/inbound", fields));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Inbound_SignedWithAnotherToken_IsForbidden()
    {
        var fields = Inbound();

        using var response = await PostAsync("/twilio/inbound", fields, TwilioSignature(PublicBase + "/twilio/inbound", fields, token: "another-token"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Inbound_WithoutTheSignatureHeader_IsForbidden()
    {
        using var response = await PostAsync("/twilio/inbound", Inbound(), signature: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(_threads.LookedUpNumbers);
    }

    [Fact]
    public async Task Status_WithoutTheSignatureHeader_IsForbidden()
    {
        var fields = new Dictionary<string, string> { ["MessageSid"] = "SM1", ["MessageStatus"] = "delivered" };

        using var response = await PostAsync("/twilio/status", fields, signature: null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Status_WithAValidSignature_ForAnUnknownSid_IsAcknowledged()
    {
        var fields = new Dictionary<string, string> { ["MessageSid"] = "SM22222222222222222222222222222222", ["MessageStatus"] = "delivered", ["AccountSid"] = "AC0123456789abcdef0123456789abcdef" };

        using var response = await PostAsync("/twilio/status", fields, TwilioSignature(PublicBase + "/twilio/status", fields));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["SM22222222222222222222222222222222"], _threads.LookedUpSids);
    }

    [Fact]
    public async Task Status_ThatIsNotAResultYet_IsAcknowledgedWithoutALookup()
    {
        var fields = new Dictionary<string, string> { ["MessageSid"] = "SM3", ["MessageStatus"] = "sent" };

        using var response = await PostAsync("/twilio/status", fields, TwilioSignature(PublicBase + "/twilio/status", fields));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(_threads.LookedUpSids);
    }

    [Fact]
    public void PublicUrl_WithoutAConfiguredBase_IsTheRequestUrl()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 5103);
        context.Request.Path = "/twilio/inbound";
        context.Request.QueryString = new QueryString("?a=1");

        Assert.Equal("http://127.0.0.1:5103/twilio/inbound?a=1", TwilioWebhooks.PublicUrlOf(context.Request, new TwilioOptions()));
        Assert.Equal("https://sms.example.test/hooks/twilio/inbound?a=1",
            TwilioWebhooks.PublicUrlOf(context.Request, new TwilioOptions { PublicWebhookBaseUrl = PublicBase + "/" }));
    }

    private sealed class FakeThreads : ISmsThreadStore
    {
        public List<string> LookedUpNumbers { get; } = [];
        public List<string> LookedUpSids { get; } = [];

        public Task RememberAsync(string to, string? messageSid, SmsThread thread) => Task.CompletedTask;

        public Task<SmsThread?> FindByMessageSidAsync(string messageSid)
        {
            lock (LookedUpSids)
                LookedUpSids.Add(messageSid);
            return Task.FromResult<SmsThread?>(null);
        }

        public Task<SmsThread?> FindByNumberAsync(string e164)
        {
            lock (LookedUpNumbers)
                LookedUpNumbers.Add(e164);
            return Task.FromResult<SmsThread?>(null);
        }
    }
}
