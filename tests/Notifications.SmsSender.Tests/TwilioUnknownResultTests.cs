using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Delivery.Providers;
using Notifications.SharedState.ProviderSettings;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Tests;

/// <summary>
/// Which failed sends Twilio may have taken all the same (looked up before the retry sends again) and which it clearly
/// refused (sent again without asking).
/// </summary>
public sealed class TwilioUnknownResultTests
{
    private static readonly OutgoingSms Sms = new("m-1:agent-7:sms", "+14155550123", "+14155550100", "Grace: Hello, is anyone there?");

    private static TwilioSmsProvider Provider(HttpMessageHandler handler, TimeSpan? timeout = null)
    {
        var options = new FixedOptions<SmsOptions>(new SmsOptions
        {
            Twilio = new TwilioOptions { AccountSid = "AC0123456789abcdef0123456789abcdef", AuthToken = "token-value", From = "+14155550100" },
        });
        var http = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        return new TwilioSmsProvider(http, options, NullLogger<TwilioSmsProvider>.Instance);
    }

    [Fact]
    public async Task ACallThatTimesOut_MayHaveBeenAccepted()
    {
        var failure = await Assert.ThrowsAsync<ProviderException>(() =>
            Provider(new Answering(async ct => { await Task.Delay(TimeSpan.FromSeconds(10), ct); return new HttpResponseMessage(HttpStatusCode.Created); }),
                timeout: TimeSpan.FromMilliseconds(200)).SendAsync(Sms, CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.True(failure.MayHaveBeenAccepted);
    }

    [Fact]
    public async Task ACallWhoseAnswerWasLost_MayHaveBeenAccepted()
    {
        var failure = await Assert.ThrowsAsync<ProviderException>(() =>
            Provider(new Answering(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")))
                .SendAsync(Sms, CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.True(failure.MayHaveBeenAccepted);
    }

    [Fact]
    public async Task ACallThatNeverConnected_WasNotAccepted()
    {
        var failure = await Assert.ThrowsAsync<ProviderException>(() =>
            Provider(new Answering(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")))
                .SendAsync(Sms, CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.False(failure.MayHaveBeenAccepted);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task AnErrorTwilioAnswered_WasNotAccepted(HttpStatusCode status)
    {
        var failure = await Assert.ThrowsAsync<ProviderException>(() =>
            Provider(new Answering(_ => Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent($$"""{"code": 20500, "message": "try later", "status": {{(int)status}}}"""),
            }))).SendAsync(Sms, CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.False(failure.MayHaveBeenAccepted);
    }

    private sealed class Answering(Func<CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(cancellationToken);
    }
}
