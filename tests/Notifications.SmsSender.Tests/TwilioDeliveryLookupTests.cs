using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.ProviderSettings;
using Notifications.SmsSender.Lookup;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Settings;
using Notifications.SmsSender.Webhooks;
using static Notifications.SmsSender.Tests.TwilioListStubbing;

namespace Notifications.SmsSender.Tests;

/// <summary>The lookup before a re-send, against a stub of Twilio's message list.</summary>
public sealed class TwilioDeliveryLookupTests : IAsyncLifetime
{
    private const string To = "+14155550123";
    private static readonly SendSms Command = Builders.Command(phone: To);
    private static readonly DeliveryTicket Ticket = DeliveryTicket.Of(Command);
    private static readonly string Body = SmsText.For(Ticket.Message);
    private static readonly DateTimeOffset Claimed = DateTimeOffset.Parse("2025-01-02T03:04:05Z");

    private readonly MemoryThreads threads = new();
    private HttpStub stub = null!;

    public async Task InitializeAsync()
    {
        stub = await HttpStub.StartAsync();
        stub.ResponseBody = Page(null);
    }

    public async Task DisposeAsync() => await stub.DisposeAsync();

    private IDeliveryLookup Lookup(DateTimeOffset now, bool withTwilio = true) => LookupService(now, withTwilio).For(Command);

    private TwilioDeliveryLookup LookupService(DateTimeOffset now, bool withTwilio = true)
    {
        var twilio = withTwilio
            ? new TwilioOptions { AccountSid = "AC0123456789abcdef0123456789abcdef", AuthToken = "token-value", From = "+14155550100" }
            : new TwilioOptions();
        var list = new TwilioMessageList(new HttpClient(new TwilioBaseUrlHandler(stub.BaseUrl) { InnerHandler = new HttpClientHandler() }));
        return new TwilioDeliveryLookup(new FixedOptions<SmsOptions>(new SmsOptions { Twilio = twilio }), list, threads, new Clock(now),
            NullLogger<TwilioDeliveryLookup>.Instance);
    }

    [Fact]
    public async Task TheSmsAtTwilio_IsFound_WithItsSid_AndRememberedForItsCallbacks()
    {
        stub.ResponseBody = Page(null,
            Message("SM-other-text", To, "Grace: something else", Claimed.AddSeconds(1)),
            Message("SM-earlier", To, Body, Claimed.AddMinutes(-10)),
            Message("SM-it", To, Body, Claimed.AddSeconds(3)));

        var found = await Lookup(Claimed.AddMinutes(1)).FindAcceptedAsync(Ticket, Claimed, CancellationToken.None);

        Assert.Equal(new ProviderAcceptance(TwilioSmsProvider.ProviderName, "SM-it"), found);
        Assert.Equal(Ticket.NotificationId, threads.BySid["SM-it"].NotificationId);
        Assert.Equal("2025-01-02", QueryValue(stub.Single(), "DateSent"));
        Assert.Equal(To, QueryValue(stub.Single(), "To"));
    }

    [Fact]
    public async Task AGroupedSms_IsFoundByTheTextTheGroupRenders_NotByItsFirstMessage()
    {
        var grouped = Command with
        {
            Grouped = [new GroupedNotification { NotificationId = "m-2:agent-7:sms", Message = Command.Message with { MessageId = "m-2", Text = "Still there?" } }],
        };
        var groupedBody = SmsText.For(grouped);
        Assert.Equal("2 new messages. Grace: Still there?", groupedBody);
        // The first message's own text, to the same number just after: another SMS, never this group's.
        stub.ResponseBody = Page(null,
            Message("SM-single", To, Body, Claimed.AddSeconds(1)),
            Message("SM-group", To, groupedBody, Claimed.AddSeconds(2)));

        var found = await LookupService(Claimed.AddMinutes(1)).For(grouped).FindAcceptedAsync(DeliveryTicket.Of(grouped), Claimed, CancellationToken.None);

        Assert.Equal("SM-group", found?.ProviderMessageId);
        Assert.Equal(grouped.NotificationId, threads.BySid["SM-group"].NotificationId);
    }

    [Fact]
    public async Task ACatchUpSummary_IsFoundByItsSummaryLine()
    {
        var summary = Command with
        {
            Summary = new CatchUpSummary { Messages = 3, Conversations = 2, Since = Claimed.AddHours(-9), Until = Claimed.AddMinutes(-1) },
        };
        stub.ResponseBody = Page(null,
            Message("SM-single", To, Body, Claimed.AddSeconds(1)),
            Message("SM-summary", To, "While you were away: 3 new messages in 2 conversations.", Claimed.AddSeconds(2)));

        var found = await LookupService(Claimed.AddMinutes(1)).For(summary).FindAcceptedAsync(DeliveryTicket.Of(summary), Claimed, CancellationToken.None);

        Assert.Equal("SM-summary", found?.ProviderMessageId);
    }

    [Fact]
    public async Task OnlyTheSameTextSentBeforeTheClaim_IsNotFound()
    {
        stub.ResponseBody = Page(null, Message("SM-earlier", To, Body, Claimed.AddMinutes(-10)));

        Assert.Null(await Lookup(Claimed.AddMinutes(1)).FindAcceptedAsync(Ticket, Claimed, CancellationToken.None));
        Assert.Empty(threads.BySid);
    }

    [Fact]
    public async Task AnSmsWhoseSidBelongsToAnotherNotification_IsNotThisOne()
    {
        threads.BySid["SM-theirs"] = new SmsThread("m-2:agent-7:sms", "agent-7", "c-1", "m-2");
        stub.ResponseBody = Page(null, Message("SM-theirs", To, Body, Claimed.AddSeconds(2)));

        Assert.Null(await Lookup(Claimed.AddMinutes(1)).FindAcceptedAsync(Ticket, Claimed, CancellationToken.None));
    }

    [Fact]
    public async Task TheSmsOnALaterPage_IsFound()
    {
        stub.Respond = request => (200, request.Query.Contains("Page=1", StringComparison.Ordinal)
            ? Page(null, Message("SM-it", To, Body, Claimed.AddSeconds(3)))
            : Page("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json?To=%2B14155550123&DateSent=2025-01-02&Page=1",
                Message("SM-other", To, "Grace: another", Claimed.AddSeconds(1))));

        var found = await Lookup(Claimed.AddMinutes(1)).FindAcceptedAsync(Ticket, Claimed, CancellationToken.None);

        Assert.Equal("SM-it", found?.ProviderMessageId);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task AClaimJustBeforeMidnight_IsLookedUpOnTheNextDayToo()
    {
        var claimed = DateTimeOffset.Parse("2025-01-02T23:59:50Z");
        stub.Respond = request => (200, QueryValue(request, "DateSent") == "2025-01-03"
            ? Page(null, Message("SM-after-midnight", To, Body, claimed.AddSeconds(15)))
            : Page(null));

        var found = await Lookup(claimed.AddMinutes(2)).FindAcceptedAsync(Ticket, claimed, CancellationToken.None);

        Assert.Equal("SM-after-midnight", found?.ProviderMessageId);
        Assert.Equal(["2025-01-02", "2025-01-03"], stub.Requests.Select(r => QueryValue(r, "DateSent")));
    }

    [Fact]
    public async Task ALookupThatFails_Throws_SoTheSmsIsNotSentBlindly()
    {
        stub.Status = 503;

        await Assert.ThrowsAsync<ProviderException>(() => Lookup(Claimed.AddMinutes(1)).FindAcceptedAsync(Ticket, Claimed, CancellationToken.None));
    }

    [Fact]
    public async Task WithoutTwilio_NothingIsAsked_AndTheRecordDirectoryOverwrites()
    {
        Assert.Null(await Lookup(Claimed.AddMinutes(1), withTwilio: false).FindAcceptedAsync(Ticket, Claimed, CancellationToken.None));
        Assert.Empty(stub.Requests);
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class MemoryThreads : ISmsThreadStore
    {
        public ConcurrentDictionary<string, SmsThread> BySid { get; } = new();

        public Task RememberAsync(string to, string? messageSid, SmsThread thread)
        {
            if (messageSid is not null)
                BySid[messageSid] = thread;
            return Task.CompletedTask;
        }

        public Task<SmsThread?> FindByMessageSidAsync(string messageSid) => Task.FromResult(BySid.GetValueOrDefault(messageSid));

        public Task<SmsThread?> FindByNumberAsync(string e164) => Task.FromResult<SmsThread?>(null);
    }
}
