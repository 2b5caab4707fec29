using Microsoft.AspNetCore.Builder;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.PushSender;
using Notifications.Router;

namespace Notifications.IntegrationTests;

/// <summary>
/// The router and the push sender with Pusher Beams as the only push provider (no OneSignal, so no iOS), against the
/// real broker and Redis: an online recipient whose only device is an iPhone keeps the desktop notification, since
/// no push can reach them; one with an Android device gets the push instead.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PushReachPipelineTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly List<WebApplication> services = [];
    private readonly NotificationOutcomes outcomes = new();
    private HttpStub providers = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        providers = await HttpStub.StartAsync();
        var stub = providers.BaseUrl.ToString().TrimEnd('/');
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Routing:DirectoryWaitSeconds"] = "0",
            ["Push:PusherBeams:InstanceId"] = "beams-instance",
            ["Push:PusherBeams:SecretKey"] = "beams-secret-not-real",
            ["Push:PusherBeams:BaseUrl"] = stub,
            ["Realtime:Pusher:AppId"] = "4242",
            ["Realtime:Pusher:Key"] = "test-pusher-key",
            ["Realtime:Pusher:Secret"] = "test-pusher-secret",
            ["Realtime:Pusher:BaseUrl"] = stub,
        };
        services.Add(await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.PushSender", PushSenderHost.Build, configuration));
        await infrastructure.StartPlatformBusAsync(outcomes);

        await Eventually.TrueAsync(async () => (string?)await infrastructure.Redis.GetDatabase().StringGetAsync(infrastructure.KeyPrefix + "providers:push-reach") == "ios=0;other=1",
            "the push sender's reach report");
    }

    [Theory]
    [InlineData(PushPlatforms.Ios, true)]
    [InlineData(PushPlatforms.Android, false)]
    public async Task OnlineAssignee_KeepsTheDesktopNotification_OnlyWhenNoPushCanReachThem(string platform, bool realtime)
    {
        var agent = $"agent-{platform}-{Guid.NewGuid():N}"[..20];
        await infrastructure.Platform.Publish(new ParticipantUpserted
        {
            ParticipantId = agent, Role = ParticipantRoles.Agent, Name = "Agent",
            PushDevices = [new PushDevice { DeviceId = agent + "-device", Platform = platform }],
        });
        await infrastructure.Platform.Publish(new ParticipantUpserted { ParticipantId = "customer", Role = ParticipantRoles.User, Name = "Customer" });
        await Eventually.TrueAsync(async () => await infrastructure.Redis.GetDatabase().KeyExistsAsync(infrastructure.KeyPrefix + "participant:" + agent), "the agent in the directory");
        await infrastructure.Platform.Publish(new PresenceChanged { ParticipantId = agent, Online = true, At = DateTimeOffset.UtcNow });
        await Eventually.TrueAsync(async () => (string?)await infrastructure.Redis.GetDatabase().HashGetAsync(infrastructure.KeyPrefix + "presence:" + agent, "online") == "1", "the agent online");

        var message = HelpDesk.Message("customer", ParticipantRoles.User, new ConversationInfo { UserId = "customer", AssignedAgentId = agent }, first: true);
        await infrastructure.Platform.Publish(message);

        var push = $"{message.MessageId}:{agent}:push";
        var desktop = $"{message.MessageId}:{agent}:realtime";
        await Eventually.TrueAsync(() => outcomes.Failed.Any(f => f.NotificationId == push) || outcomes.Delivered.Any(d => d.NotificationId == push), "the push outcome");
        if (realtime)
        {
            // The push fails with a reason that says what to fix, and the desktop notification still goes out.
            Assert.Contains(outcomes.Failed, f => f.NotificationId == push && f.Permanent && f.Reason.Contains("OneSignal"));
            await Eventually.TrueAsync(() => outcomes.Delivered.Any(d => d.NotificationId == desktop), "the desktop notification");
        }
        else
        {
            Assert.Contains(outcomes.Delivered, d => d.NotificationId == push);
            await Task.Delay(1000);
            Assert.DoesNotContain(outcomes.Delivered, d => d.NotificationId == desktop);
        }
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync(services, providers);
}
