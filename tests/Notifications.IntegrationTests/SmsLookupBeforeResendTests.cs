using System.Globalization;
using System.Security.Cryptography;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.Ledger;
using Notifications.SmsSender.Providers;

namespace Notifications.IntegrationTests;

/// <summary>
/// Twilio has no idempotency key: a re-send whose earlier attempt has no known result asks Twilio's message list
/// first, on the SMS sender as deployed between the real broker, the real Redis and the Twilio stub. A sender that died
/// after Twilio took the SMS, or a call whose answer was lost, ends delivered once and never reaches the phone twice.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ProviderSendersCollection.Name)]
public sealed class SmsLookupBeforeResendTests(ProviderSendersFixture senders)
{
    /// <summary>Long enough for a redelivery (and its retries) to have reached the provider if it were going to.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task ADeadSendersSms_ThatTwilioTook_IsNotSentAgain_AndIsDeliveredOnce()
    {
        var (phone, command) = NewSms();
        var claimedAt = DateTimeOffset.UtcNow.AddSeconds(-20);
        await LeaveDeadSendersAttemptAsync(command, claimedAt);
        var sid = senders.Providers.HoldTwilioMessage(phone, SmsText.For(command.Message), claimedAt.AddSeconds(1));

        await senders.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await DeliveredAndSettledAsync(command);

        Assert.Empty(senders.Providers.TwilioSendsTo(phone));
        Assert.NotEmpty(senders.Providers.TwilioListingsFor(phone));
        Assert.Equal(TwilioSmsProvider.ProviderName, Assert.Single(senders.Outcomes.Delivered, d => d.NotificationId == command.NotificationId).Provider);
        await LedgerFinishedAsync(command);
        // Remembered as a send is, so Twilio's status callbacks for that SMS map back to this notification.
        Assert.True(await senders.Redis.GetDatabase().KeyExistsAsync(senders.KeyPrefix + "sms-sid:" + sid));
    }

    [Fact]
    public async Task ADeadSendersSms_ThatTwilioDoesNotHave_IsSentOnce()
    {
        var (phone, command) = NewSms();
        var claimedAt = DateTimeOffset.UtcNow.AddSeconds(-20);
        await LeaveDeadSendersAttemptAsync(command, claimedAt);
        // The same text to the same number before the dead sender's claim is another SMS, not this one.
        senders.Providers.HoldTwilioMessage(phone, SmsText.For(command.Message), claimedAt.AddMinutes(-10));

        await senders.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await DeliveredAndSettledAsync(command);

        Assert.Single(senders.Providers.TwilioSendsTo(phone));
        Assert.NotEmpty(senders.Providers.TwilioListingsFor(phone));
        Assert.Single(senders.Outcomes.Delivered, d => d.NotificationId == command.NotificationId);
        await LedgerFinishedAsync(command);
    }

    [Fact]
    public async Task ASendWhoseAnswerWasLost_IsLookedUpByTheRetry_AndReachesTwilioOnce()
    {
        var (phone, command) = NewSms();
        senders.Providers.Plan(Uri.EscapeDataString(phone), StubAnswer.AcceptedButAnswerLost);

        await senders.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await DeliveredAndSettledAsync(command);

        Assert.Single(senders.Providers.TwilioSendsTo(phone));
        Assert.Single(senders.Providers.TwilioMessages, m => m.To == phone);
        Assert.NotEmpty(senders.Providers.TwilioListingsFor(phone));
        Assert.Single(senders.Outcomes.Delivered, d => d.NotificationId == command.NotificationId);
    }

    [Fact]
    public async Task AGroupedSms_WhoseAnswerWasLost_IsFoundByItsOwnText_AndReachesTwilioOnce()
    {
        var (phone, single) = NewSms();
        var command = single with
        {
            Grouped =
            [
                new GroupedNotification
                {
                    NotificationId = single.NotificationId.Replace("m-", "m2-", StringComparison.Ordinal),
                    Message = single.Message with { MessageId = "m2-" + single.Message.MessageId, Text = "Hello? " + single.Message.MessageId },
                },
            ],
        };
        Assert.StartsWith("2 new messages. ", await SentOnceDespiteTheLostAnswerAsync(phone, command));
        Assert.Single(senders.Outcomes.Delivered, d => d.NotificationId == command.Grouped[0].NotificationId);
    }

    [Fact]
    public async Task ACatchUpSummarySms_WhoseAnswerWasLost_IsFoundByItsOwnText_AndReachesTwilioOnce()
    {
        var (phone, single) = NewSms();
        var until = DateTimeOffset.UtcNow;
        var command = single with { Summary = new CatchUpSummary { Messages = 4, Conversations = 2, Since = until.AddHours(-8), Until = until } };
        Assert.StartsWith("While you were away", await SentOnceDespiteTheLostAnswerAsync(phone, command));
    }

    /// <summary>
    /// Twilio takes the SMS and its answer is lost (the sender cannot record it): the retry's lookup finds it, so it
    /// reached Twilio once and is delivered once. Returns the text Twilio took.
    /// </summary>
    private async Task<string> SentOnceDespiteTheLostAnswerAsync(string phone, SendSms command)
    {
        senders.Providers.Plan(Uri.EscapeDataString(phone), StubAnswer.AcceptedButAnswerLost);

        await senders.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await DeliveredAndSettledAsync(command);

        Assert.Single(senders.Providers.TwilioSendsTo(phone));
        Assert.NotEmpty(senders.Providers.TwilioListingsFor(phone));
        Assert.Single(senders.Outcomes.Delivered, d => d.NotificationId == command.NotificationId);
        return Assert.Single(senders.Providers.TwilioMessages, m => m.To == phone).Body;
    }

    [Fact]
    public async Task ALookupThatFails_IsRetried_NeverABlindResend()
    {
        var (phone, command) = NewSms();
        var claimedAt = DateTimeOffset.UtcNow.AddSeconds(-20);
        await LeaveDeadSendersAttemptAsync(command, claimedAt);
        senders.Providers.HoldTwilioMessage(phone, SmsText.For(command.Message), claimedAt.AddSeconds(1));
        // One failure fewer than the retries allow: the last attempt's lookup answers.
        senders.Providers.FailTwilioListings(ProviderSendersFixture.RetryLimit);

        await senders.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await DeliveredAndSettledAsync(command);

        Assert.Empty(senders.Providers.TwilioSendsTo(phone));
        Assert.True(senders.Providers.TwilioListingsFor(phone).Count >= ProviderSendersFixture.RetryLimit + 1);
        Assert.Single(senders.Outcomes.Delivered, d => d.NotificationId == command.NotificationId);
    }

    [Fact]
    public async Task ASendTwilioRefusedWith503_IsRetriedWithoutALookup()
    {
        var (phone, command) = NewSms();
        senders.Providers.Plan(Uri.EscapeDataString(phone), new StubAnswer(503, """{"code":20503,"message":"Service Unavailable","status":503}"""));

        await senders.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await DeliveredAndSettledAsync(command);

        Assert.Equal(2, senders.Providers.TwilioSendsTo(phone).Count);
        Assert.Empty(senders.Providers.TwilioListingsFor(phone));
        Assert.Single(senders.Outcomes.Delivered, d => d.NotificationId == command.NotificationId);
    }

    /// <summary>
    /// What a sender killed after calling Twilio leaves: its attempt mark (when it claimed), and no claim, since that
    /// expired with its lease; never "sent" nor "finished".
    /// </summary>
    private Task LeaveDeadSendersAttemptAsync(SendSms command, DateTimeOffset claimedAt) =>
        senders.Redis.GetDatabase().StringSetAsync(LedgerKey(command) + ":attempt",
            claimedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), DeliveryLedger.FinishedRetention);

    private async Task DeliveredAndSettledAsync(SendSms command)
    {
        await Eventually.TrueAsync(() => senders.Outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId), "NotificationDelivered");
        await Task.Delay(SettleTime);
    }

    private async Task LedgerFinishedAsync(SendSms command)
    {
        var redis = senders.Redis.GetDatabase();
        await Eventually.TrueAsync(async () => (string?)await redis.StringGetAsync(LedgerKey(command)) == "finished", "the ledger to say finished");
        Assert.False(await redis.KeyExistsAsync(LedgerKey(command) + ":attempt"));
    }

    private string LedgerKey(SendSms command) => senders.KeyPrefix + "ledger:" + command.NotificationId;

    private static (string Phone, SendSms Command) NewSms()
    {
        var phone = "+1415" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var messageId = "m-" + Guid.NewGuid().ToString("N");
        return (phone, new SendSms
        {
            NotificationId = $"{messageId}:agent-sid:sms",
            Rule = "A4",
            Recipient = new NotificationRecipient { Id = "agent-sid", Role = ParticipantRoles.Agent, Name = "Sid", Phone = phone },
            Message = new NotifiedMessage
            {
                MessageId = messageId,
                ConversationId = "conv-" + messageId,
                Sender = new MessageSender { Id = "user-ada", Role = ParticipantRoles.User, Name = "Ada Lovelace" },
                Text = "Is my order on its way? " + messageId,
                PostedAt = DateTimeOffset.UtcNow,
            },
        });
    }
}
