using System.Text;
using Notifications.Delivery.Providers;
using Notifications.SmsSender.Lookup;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Settings;
using static Notifications.SmsSender.Tests.TwilioListStubbing;

namespace Notifications.SmsSender.Tests;

/// <summary>Reading Twilio's message list over HTTP against a local stub: the query, the credentials, the pages.</summary>
public sealed class TwilioMessageListTests : IAsyncLifetime
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "s3cr3t-auth-token-value";
    private const string To = "+14155550123";
    private static readonly DateOnly Day = new(2025, 1, 2);
    private static readonly DateTimeOffset Created = DateTimeOffset.Parse("2025-01-02T03:04:05Z");

    private HttpStub stub = null!;

    public async Task InitializeAsync() => stub = await HttpStub.StartAsync();

    public async Task DisposeAsync() => await stub.DisposeAsync();

    private TwilioMessageList List() =>
        new(new HttpClient(new TwilioBaseUrlHandler(stub.BaseUrl) { InnerHandler = new HttpClientHandler() }));

    private static TwilioOptions Twilio() => new() { AccountSid = AccountSid, AuthToken = AuthToken };

    private async Task<List<TwilioListedMessage>> ReadAllAsync()
    {
        var read = new List<TwilioListedMessage>();
        await foreach (var message in List().ReadAsync(Twilio(), To, Day, CancellationToken.None))
            read.Add(message);
        return read;
    }

    [Fact]
    public async Task Read_AsksForTheNumberAndTheDay_WithBasicAuthOfSidAndToken()
    {
        stub.ResponseBody = Page(null, Message("SM1", To, "Grace: Hello", Created));

        var read = Assert.Single(await ReadAllAsync());

        Assert.Equal(new TwilioListedMessage("SM1", To, "Grace: Hello", Created, "sent"), read);
        var request = stub.Single();
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Messages.json", request.Path);
        Assert.Equal(To, QueryValue(request, "To"));
        Assert.Equal("2025-01-02", QueryValue(request, "DateSent"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}")), request.Headers["Authorization"]);
    }

    [Fact]
    public async Task Read_FollowsNextPageUri_UntilTheLastPage()
    {
        var second = $"/2010-04-01/Accounts/{AccountSid}/Messages.json?To=%2B14155550123&DateSent=2025-01-02&PageSize=100&Page=1&PageToken=PA2";
        stub.Respond = request => (200, request.Query.Contains("PageToken=PA2", StringComparison.Ordinal)
            ? Page(null, Message("SM2", To, "second page", Created))
            : Page(second, Message("SM1", To, "first page", Created)));

        var read = await ReadAllAsync();

        Assert.Equal(["SM1", "SM2"], read.Select(m => m.Sid));
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal("PA2", QueryValue(stub.Requests.Last(), "PageToken"));
    }

    [Fact]
    public async Task Read_OfAListThatNeverEnds_StopsAndFails_RatherThanGuessing()
    {
        stub.ResponseBody = Page($"/2010-04-01/Accounts/{AccountSid}/Messages.json?Page=next", Message("SM1", To, "again", Created));

        var failure = await Assert.ThrowsAsync<ProviderException>(ReadAllAsync);

        Assert.False(failure.Permanent);
        Assert.Equal(TwilioMessageList.MaxPages, stub.Requests.Count);
    }

    [Fact]
    public async Task Read_SkipsEntriesWithoutASidOrAReadableDate()
    {
        stub.ResponseBody = Page(null,
            """{"sid":"SM1","to":"+14155550123","body":"x","date_created":null,"status":"sent"}""",
            """{"to":"+14155550123","body":"x","date_created":"Thu, 02 Jan 2025 03:04:05 +0000","status":"sent"}""",
            Message("SM3", To, "x", Created));

        Assert.Equal(["SM3"], (await ReadAllAsync()).Select(m => m.Sid));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(401)]
    public async Task Read_WhenTwilioAnswersAnError_FailsTransiently_WithoutTheToken(int status)
    {
        stub.Status = status;
        stub.ResponseBody = """{"code": 20500, "message": "Internal error for +14155550123", "status": 500}""";

        var failure = await Assert.ThrowsAsync<ProviderException>(ReadAllAsync);

        Assert.False(failure.Permanent);
        Assert.Contains($"HTTP {status}", failure.Message);
        Assert.DoesNotContain(AuthToken, failure.ToString());
        Assert.DoesNotContain("4155550123", failure.Message);
    }
}
