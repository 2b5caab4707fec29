using Microsoft.AspNetCore.Builder;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using MassTransit;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>
/// Digest mode on its schedule alone: nobody calls the flush endpoint, and the digest still goes out when the
/// cron expression comes due. Its own vhost and key prefix, because a schedule that fires every two seconds
/// would flush the other digest tests' queues under them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DigestScheduleTests : IAsyncLifetime
{
    private const string Agent = "agent-sched";
    private readonly SmtpSink smtp = new();
    private readonly string keyPrefix = $"test-{Guid.NewGuid():N}:";
    private readonly List<WebApplication> services = [];
    private TestEnvironment environment = null!;
    private RabbitMqVirtualHost vhost = null!;
    private IBusControl platform = null!;
    private IConnectionMultiplexer redis = null!;

    public async Task InitializeAsync()
    {
        environment = await TestEnvironment.StartAsync();
        vhost = await RabbitMqVirtualHost.CreateAsync(environment);
        redis = await ConnectionMultiplexer.ConnectAsync(environment.RedisConfiguration);
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = vhost.AmqpUrl.ToString(),
            ["ConnectionStrings:redis"] = environment.RedisConfiguration,
            ["Redis:KeyPrefix"] = keyPrefix,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "notifications@helpdesk.test",
            ["Email:Digest:Enabled"] = "true",
            // Six fields: every two seconds (the seconds field is accepted so a schedule can be tested quickly).
            ["Email:Digest:Schedule"] = "*/2 * * * * *",
        };
        services.Add(await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration));
        services.Add(await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, configuration));

        platform = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(vhost.AmqpUrl, host =>
        {
            host.Username("guest");
            host.Password("guest");
        }));
        await platform.StartAsync();
        await platform.Publish(new ParticipantUpserted { ParticipantId = Agent, Role = ParticipantRoles.Agent, Name = "Sched", Email = Agent + "@helpdesk.test", DepartmentIds = ["night"] });
        await Eventually.TrueAsync(() => redis.GetDatabase().KeyExistsAsync(keyPrefix + "participant:" + Agent), "the agent to reach the directory");
    }

    [Fact]
    public async Task QueuedNotifications_GoOutAsOneDigest_WhenTheScheduleComesDue_WithoutAnyTrigger()
    {
        var conversation = "conv-" + Guid.NewGuid().ToString("N")[..12];

        await platform.Publish(Message(conversation, "Is the night shift there?"));

        await Eventually.TrueAsync(() => smtp.Messages.Any(About(conversation)), "a scheduled digest email about the conversation");
        var digest = smtp.Messages.First(About(conversation));
        Assert.Equal(Agent + "@helpdesk.test", digest.To.Mailboxes.Single().Address);
        Assert.Contains("Is the night shift there?", digest.TextBody);
        Assert.Contains($"New messages in conversation {conversation}", digest.Subject);
    }

    private static Func<MimeKit.MimeMessage, bool> About(string conversation) =>
        email => email.Headers["X-Notification-Id"]?.Contains(":" + conversation + ":", StringComparison.Ordinal) == true;

    private static MessagePosted Message(string conversation, string text) => new()
    {
        MessageId = "msg-" + Guid.NewGuid().ToString("N")[..12],
        ConversationId = conversation,
        Sender = new MessageSender { Id = "user-night", Role = ParticipantRoles.User, Name = "Night Owl" },
        Text = text,
        PostedAt = DateTimeOffset.UtcNow,
        IsFirstMessage = true,
        Conversation = new ConversationInfo { UserId = "user-night", DepartmentId = "night" },
    };

    public async Task DisposeAsync()
    {
        if (platform is not null)
            await platform.StopAsync();
        await ServiceHost.StopAllAsync(services);
        await smtp.DisposeAsync();
        if (redis is not null)
        {
            await RedisTestKeys.DeleteAllAsync(redis, keyPrefix);
            await redis.DisposeAsync();
        }
        if (vhost is not null)
            await vhost.DisposeAsync();
        if (environment is not null)
            await environment.DisposeAsync();
    }
}
