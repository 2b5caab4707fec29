using Microsoft.AspNetCore.Builder;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using Notifications.SmsSender;
using Notifications.SmsSender.Providers;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>
/// Each service writes its own outcomes to the delivery log: with only the router and the SMS sender running (no
/// email sender, which used to fill the log from a queue), a delivered SMS and the router's suppression are in the
/// run's Redis stream.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeliveryLogWithoutEmailSenderTests : IAsyncLifetime
{
    private const string OfflineAgent = "agent-sam";
    private const string OnlineAgent = "agent-sue";
    private const string User = "user-ada";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly List<WebApplication> services = [];
    private readonly string records = Path.Combine(Path.GetTempPath(), "delivery-log-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        var configuration = infrastructure.Configuration();
        configuration["Sms:RecordDirectory"] = records; // no Twilio credentials: the SMS sender records what it sends
        services.Add(await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.SmsSender", SmsSenderHost.Build, configuration));
        await infrastructure.StartPlatformBusAsync();
    }

    [Fact]
    public async Task ADeliveredSmsAndTheRoutersSuppression_AreInTheDeliveryLog_WithNoEmailSenderRunning()
    {
        await PublishHelpDeskAsync();
        var message = HelpDesk.Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = "sales" }, first: true);

        // A1: the sales agents get an email each (it waits in send-email: no email sender runs); the offline one an SMS,
        // while the online one's SMS is suppressed as recipient-online.
        await infrastructure.Platform.Publish(message);

        var smsId = $"{message.MessageId}:{OfflineAgent}:{Channels.Sms}";
        var suppressedId = $"{message.MessageId}:{OnlineAgent}:{Channels.Sms}";
        StreamEntry[] log = [];
        await Eventually.TrueAsync(async () =>
        {
            log = await infrastructure.Redis.GetDatabase().StreamRangeAsync(infrastructure.KeyPrefix + "delivery-log");
            return log.Any(entry => entry["notification"] == smsId) && log.Any(entry => entry["notification"] == suppressedId);
        }, "the delivered SMS and the suppression in the delivery log");

        var delivered = Assert.Single(log, entry => entry["notification"] == smsId);
        Assert.Equal("delivered", delivered["outcome"]);
        Assert.Equal(Channels.Sms, delivered["channel"]);
        Assert.Equal(OfflineAgent, delivered["recipient"]);
        Assert.Equal(message.ConversationId, delivered["conversation"]);
        Assert.Equal(SmsRecordDirectory.ProviderName, delivered["detail"]);
        Assert.Matches("^[0-9a-f]{32}$", delivered["trace"].ToString());

        var suppressed = Assert.Single(log, entry => entry["notification"] == suppressedId);
        Assert.Equal("suppressed", suppressed["outcome"]);
        Assert.Equal("recipient-online", suppressed["detail"]);
        Assert.Equal("A1", suppressed["note"]);
        // One trace from the router's decision to the delivery.
        Assert.Equal(delivered["trace"], suppressed["trace"]);
    }

    private async Task PublishHelpDeskAsync()
    {
        var platform = infrastructure.Platform;
        await platform.Publish(Agent(OfflineAgent, "+15550100201"));
        await platform.Publish(Agent(OnlineAgent, "+15550100202"));
        await platform.Publish(new ParticipantUpserted { ParticipantId = User, Role = ParticipantRoles.User, Name = "Ada Lovelace", Email = HelpDesk.EmailOf(User) });
        var db = infrastructure.Redis.GetDatabase();
        await Eventually.TrueAsync(async () =>
            await db.KeyExistsAsync(infrastructure.KeyPrefix + "participant:" + OfflineAgent)
            && await db.KeyExistsAsync(infrastructure.KeyPrefix + "participant:" + OnlineAgent)
            && await db.KeyExistsAsync(infrastructure.KeyPrefix + "participant:" + User), "the participants to reach the directory");

        await platform.Publish(new PresenceChanged { ParticipantId = OnlineAgent, Online = true, At = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(async () =>
            (string?)await db.HashGetAsync(infrastructure.KeyPrefix + "presence:" + OnlineAgent, "online") == "1", "the online agent's presence");
    }

    private static ParticipantUpserted Agent(string id, string phone) => new()
    {
        ParticipantId = id, Role = ParticipantRoles.Agent, Name = id, Email = HelpDesk.EmailOf(id), Phone = phone, DepartmentIds = ["sales"],
    };

    public async Task DisposeAsync()
    {
        await infrastructure.DisposeAsync(services);
        if (Directory.Exists(records))
            Directory.Delete(records, recursive: true);
    }
}
