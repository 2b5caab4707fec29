using Microsoft.AspNetCore.Builder;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using MassTransit;

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
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly SmtpSink smtp = new();
    private readonly List<WebApplication> services = [];
    private IBus platform = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration(quickRetries: false))
        {
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

        platform = await infrastructure.StartPlatformBusAsync();
        await platform.Publish(new ParticipantUpserted { ParticipantId = Agent, Role = ParticipantRoles.Agent, Name = "Sched", Email = Agent + "@helpdesk.test", DepartmentIds = ["night"] });
        await Eventually.TrueAsync(() => infrastructure.Redis.GetDatabase().KeyExistsAsync(infrastructure.KeyPrefix + "participant:" + Agent), "the agent to reach the directory");
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

    public Task DisposeAsync() => infrastructure.DisposeAsync(services, smtp);
}
