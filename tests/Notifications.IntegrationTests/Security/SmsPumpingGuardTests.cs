using MassTransit;
using Microsoft.AspNetCore.Builder;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SmsSender;

namespace Notifications.IntegrationTests.Security;

/// <summary>
/// Issue 22, item 5, against a running SMS sender with <c>Sms:AllowedRegions=US,CA</c> and the Twilio stub: premium-rate
/// and Caribbean <c>+1</c> numbers end in a permanent failure and never reach Twilio; users' numbers keep their hourly
/// guard while agents' numbers are not limited by it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SmsPumpingGuardTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly NotificationOutcomes outcomes = new();
    private HttpStub twilio = null!;
    private WebApplication sender = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        twilio = await HttpStub.StartAsync();
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Sms:Twilio:AccountSid"] = PipelineFixture.TwilioAccountSid,
            ["Sms:Twilio:AuthToken"] = PipelineFixture.TwilioAuthToken,
            ["Sms:Twilio:From"] = PipelineFixture.TwilioFrom,
            ["Sms:Twilio:BaseUrl"] = twilio.BaseUrl.ToString().TrimEnd('/'),
            ["Sms:AllowedRegions"] = "US,CA",
            ["Sms:RateLimit:PerRecipientPerHour"] = "5",
        };
        sender = await ServiceHost.StartAsync("Notifications.SmsSender", SmsSenderHost.Build, configuration);
        await infrastructure.StartPlatformBusAsync(outcomes);
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync([sender], twilio);

    [Theory]
    [InlineData("+19002345678", "is a premium-rate number")] // a US 900 number: allowed region, premium rate
    [InlineData("+18762101234", "in region JM")] // Jamaica: +1, but not the US or Canada
    [InlineData("+18092345678", "in region DO")] // Dominican Republic
    public async Task PremiumRateAndCaribbeanPlusOneNumbers_UnderUsAndCanada_FailPermanently_WithoutReachingTwilio(string phone, string reason)
    {
        var command = SmsCommand(phone, ParticipantRoles.User);

        await infrastructure.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await Eventually.TrueAsync(() => outcomes.Failed.Any(f => f.NotificationId == command.NotificationId), "NotificationFailed");

        var failed = Assert.Single(outcomes.Failed, f => f.NotificationId == command.NotificationId);
        Assert.True(failed.Permanent);
        Assert.Contains(reason, failed.Reason);
        Assert.DoesNotContain(phone, failed.Reason);
        Assert.Empty(twilio.RequestsFor(Uri.EscapeDataString(phone)));
    }

    [Fact]
    public async Task AUsAndACanadianNumber_UnderUsAndCanada_AreSent()
    {
        var commands = new[] { SmsCommand("+12125550147", ParticipantRoles.User), SmsCommand("+16045550123", ParticipantRoles.User) };

        foreach (var command in commands)
            await infrastructure.Platform.SendToQueueAsync(QueueNames.SendSms, command);

        foreach (var command in commands)
            await Eventually.TrueAsync(() => outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId), "NotificationDelivered");
    }

    [Fact]
    public async Task AnAgentsNumber_GetsEverySmsOfABusyHour_WhileAUsersNumberIsCutOffAfterFive()
    {
        var agent = Enumerable.Range(0, 7).Select(_ => SmsCommand("+13125550111", ParticipantRoles.Agent)).ToList();
        var user = Enumerable.Range(0, 7).Select(_ => SmsCommand("+13125550122", ParticipantRoles.User)).ToList();

        foreach (var command in agent.Concat(user))
            await infrastructure.Platform.SendToQueueAsync(QueueNames.SendSms, command);
        await Eventually.TrueAsync(() => agent.Concat(user).All(c =>
            outcomes.Delivered.Any(d => d.NotificationId == c.NotificationId) || outcomes.Failed.Any(f => f.NotificationId == c.NotificationId)),
            "an outcome for every SMS");

        Assert.All(agent, command => Assert.Contains(outcomes.Delivered, d => d.NotificationId == command.NotificationId));
        Assert.Equal(5, user.Count(command => outcomes.Delivered.Any(d => d.NotificationId == command.NotificationId)));
        Assert.All(outcomes.Failed.Where(f => user.Any(c => c.NotificationId == f.NotificationId)),
            failed => Assert.Contains("Sms:RateLimit:PerRecipientPerHour", failed.Reason));
    }

    private static SendSms SmsCommand(string phone, string role)
    {
        var message = new NotifiedMessage
        {
            MessageId = "m-" + Guid.NewGuid().ToString("N"),
            ConversationId = "conv-pumping",
            Sender = new MessageSender { Id = "user-ada", Role = ParticipantRoles.User, Name = "Ada Lovelace" },
            Text = "Is my order on its way?",
            PostedAt = DateTimeOffset.UtcNow,
        };
        var recipient = role == ParticipantRoles.Agent ? "agent-sid" : "user-ursula";
        return new SendSms
        {
            NotificationId = $"{message.MessageId}:{recipient}:sms",
            Rule = role == ParticipantRoles.Agent ? "A4" : "U1",
            Recipient = new NotificationRecipient { Id = recipient, Role = role, Name = "Sid", Phone = phone },
            Message = message,
        };
    }
}
