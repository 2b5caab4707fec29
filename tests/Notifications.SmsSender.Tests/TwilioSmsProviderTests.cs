using Notifications.SharedState.ProviderSettings;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Tests;

/// <summary>The real Twilio SDK against a local HTTP stub in Twilio's place.</summary>
public sealed class TwilioSmsProviderTests : IAsyncLifetime
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "s3cr3t-auth-token-value";

    private HttpStub _stub = null!;

    public async Task InitializeAsync() => _stub = await HttpStub.StartAsync();

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    private TwilioSmsProvider Provider(string from = "+14155550100")
    {
        var options = new FixedOptions<SmsOptions>(new SmsOptions
        {
            Twilio = new TwilioOptions { AccountSid = AccountSid, AuthToken = AuthToken, From = from, BaseUrl = _stub.BaseUrl.ToString() },
        });
        var http = new HttpClient(new TwilioBaseUrlHandler(_stub.BaseUrl) { InnerHandler = new HttpClientHandler() });
        return new TwilioSmsProvider(http, options, NullLogger<TwilioSmsProvider>.Instance);
    }

    private static OutgoingSms Sms() => new("m-1:agent-7:sms", "+14155550123", "+14155550100", "Grace: Hello, is anyone there?");

    private static string MessageResource(string to = "+14155550123") => $$"""
        {
          "account_sid": "{{AccountSid}}",
          "api_version": "2010-04-01",
          "body": "Grace: Hello, is anyone there?",
          "date_created": "Thu, 02 Jan 2025 03:04:05 +0000",
          "date_sent": null,
          "date_updated": "Thu, 02 Jan 2025 03:04:05 +0000",
          "direction": "outbound-api",
          "error_code": null,
          "error_message": null,
          "from": "+14155550100",
          "messaging_service_sid": null,
          "num_media": "0",
          "num_segments": "1",
          "price": null,
          "price_unit": "USD",
          "sid": "SM0123456789abcdef0123456789abcdef",
          "status": "queued",
          "subresource_uris": { "media": "/2010-04-01/Accounts/{{AccountSid}}/Messages/SM0123456789abcdef0123456789abcdef/Media.json" },
          "to": "{{to}}",
          "uri": "/2010-04-01/Accounts/{{AccountSid}}/Messages/SM0123456789abcdef0123456789abcdef.json"
        }
        """;

    [Fact]
    public async Task Send_PostsFormToMessagesResource_WithBasicAuthOfSidAndToken()
    {
        _stub.Status = 201;
        _stub.ResponseBody = MessageResource();

        var receipt = await Provider().SendAsync(Sms(), CancellationToken.None);

        Assert.Equal("twilio", receipt.Provider);
        Assert.Equal("SM0123456789abcdef0123456789abcdef", receipt.MessageSid);
        var request = _stub.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Messages.json", request.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal("+14155550123", request.Form["To"]);
        Assert.Equal("+14155550100", request.Form["From"]);
        Assert.Equal("Grace: Hello, is anyone there?", request.Form["Body"]);
        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        Assert.Equal(expectedAuth, request.Headers["Authorization"]);
    }

    [Fact]
    public async Task Send_WithPublicWebhookBase_AsksTwilioForStatusCallbacks()
    {
        _stub.Status = 201;
        _stub.ResponseBody = MessageResource();

        await Provider().SendAsync(Sms() with { StatusCallback = new Uri("https://sms.example.test/twilio/status") }, CancellationToken.None);

        Assert.Equal("https://sms.example.test/twilio/status", _stub.Single().Form["StatusCallback"]);
    }

    [Fact]
    public async Task Send_WithoutPublicWebhookBase_AsksForNoStatusCallback()
    {
        _stub.Status = 201;
        _stub.ResponseBody = MessageResource();

        await Provider().SendAsync(Sms(), CancellationToken.None);

        Assert.False(_stub.Single().Form.ContainsKey("StatusCallback"));
    }

    [Fact]
    public async Task Send_WithAlphanumericSender_PassesSenderIdAsFrom()
    {
        _stub.Status = 201;
        _stub.ResponseBody = MessageResource();

        await Provider(from: "HelpDesk").SendAsync(Sms() with { From = "HelpDesk" }, CancellationToken.None);

        Assert.Equal("HelpDesk", _stub.Single().Form["From"]);
    }

    [Fact]
    public async Task Send_WhenTwilioAnswers401_FailsPermanentlyNamingTheKeysButNotTheToken()
    {
        _stub.Status = 401;
        _stub.ResponseBody = """{"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}""";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Provider().SendAsync(Sms(), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("Sms:Twilio:AccountSid", failure.Message);
        Assert.Contains("Sms:Twilio:AuthToken", failure.Message);
        Assert.DoesNotContain(AuthToken, failure.ToString());
    }

    [Fact]
    public async Task Send_WhenTwilioSaysInvalidNumber21211_FailsPermanentlyWithTwiliosMessageAndCode()
    {
        _stub.Status = 400;
        _stub.ResponseBody = """{"code": 21211, "message": "Invalid 'To' Phone Number: +1415555XXXX", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Provider().SendAsync(Sms(), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("21211", failure.Message);
        Assert.Contains("Invalid 'To' Phone Number", failure.Message);
    }

    [Fact]
    public async Task Send_WhenTwilioQuotesTheNumberInItsError_TheReasonMasksIt_ButKeepsTheCode()
    {
        _stub.Status = 400;
        _stub.ResponseBody = """{"code": 21211, "message": "The 'To' number +14155550123 is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Provider().SendAsync(Sms(), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.DoesNotContain("4155550123", failure.Message);
        Assert.Contains("The 'To' number <phone> is not a valid phone number", failure.Message);
        Assert.Contains("Twilio error 21211", failure.Message);
    }

    [Fact]
    public async Task Send_WhenThrottledTwilioQuotesTheNumber_TheTransientReasonMasksItToo()
    {
        _stub.Status = 503;
        _stub.ResponseBody = """{"code": 20500, "message": "Could not queue the message to (415) 555-0123 right now", "status": 503}""";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Provider().SendAsync(Sms(), CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.DoesNotContain("555-0123", failure.Message);
    }

    [Fact]
    public async Task Send_WhenTwilioAnswers503_FailsTransiently()
    {
        _stub.Status = 503;
        _stub.ResponseBody = "<html>Service Unavailable</html>";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Provider().SendAsync(Sms(), CancellationToken.None));

        Assert.False(failure.Permanent);
    }

    [Fact]
    public async Task Send_WhenTwilioThrottles429_FailsTransiently()
    {
        _stub.Status = 429;
        _stub.ResponseBody = """{"code": 20429, "message": "Too Many Requests", "status": 429}""";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Provider().SendAsync(Sms(), CancellationToken.None));

        Assert.False(failure.Permanent);
    }

    [Fact]
    public async Task Send_WhenTwilioCannotBeReached_FailsTransiently()
    {
        var unreachable = _stub.BaseUrl;
        await _stub.DisposeAsync();
        _stub = await HttpStub.StartAsync(); // a fresh stub for DisposeAsync; the old port is closed now
        var options = new FixedOptions<SmsOptions>(new SmsOptions
        {
            Twilio = new TwilioOptions { AccountSid = AccountSid, AuthToken = AuthToken, From = "+14155550100", BaseUrl = unreachable.ToString() },
        });
        var http = new HttpClient(new TwilioBaseUrlHandler(unreachable) { InnerHandler = new HttpClientHandler() });
        var provider = new TwilioSmsProvider(http, options, NullLogger<TwilioSmsProvider>.Instance);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.SendAsync(Sms(), CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.DoesNotContain(AuthToken, failure.ToString());
    }

    [Fact]
    public void Rebase_KeepsPathPrefixOfTheBaseAndTheQuery()
    {
        var rebased = TwilioBaseUrlHandler.Rebase(
            new Uri("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=1"),
            new Uri("http://127.0.0.1:8080/twilio/"));

        Assert.Equal("http://127.0.0.1:8080/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=1", rebased.ToString());
    }
}
