using System.Globalization;
using MassTransit;
using MimeKit;
using Notifications.Contracts;

namespace Notifications.Benchmarks.Floor;

/// <summary>
/// The two-hop floor's relays, run as a process of their own (<c>floor-relays</c>) so their CPU is read apart
/// from the load generator's: a do-nothing "router" (its own connection, as the service has) that sends one
/// email command per chat message, and a do-nothing "sender" (its own connection) that makes one SMTP send per
/// command to the benchmark's sink over a reused connection and publishes its delivery result, as every sender
/// must. No Redis, no rules, no templates: what is left is the broker, MassTransit and SMTP work of one email.
/// Configured by BENCH_FLOOR_AMQP and BENCH_FLOOR_SMTP_PORT; ends when its standard input closes.
/// </summary>
public static class FloorRelays
{
    public const string Role = "floor-relays";
    public const string RouterQueue = "bench-relay-router";
    public const string SenderQueue = "bench-relay-sender";

    /// <summary>As many connections as the pipeline's email sender may open (Email:Smtp:MaxConnections).</summary>
    public const int SmtpConnectionLimit = 8;

    /// <summary>The same prefetch as the services' (Messaging:PrefetchCount in the benchmark's configuration).</summary>
    public const ushort Prefetch = 32;

    public static async Task<int> RunAsync()
    {
        var amqp = new Uri(Environment.GetEnvironmentVariable("BENCH_FLOOR_AMQP") ?? throw new InvalidOperationException("BENCH_FLOOR_AMQP is not set."));
        var smtpPort = int.Parse(Environment.GetEnvironmentVariable("BENCH_FLOOR_SMTP_PORT") ?? throw new InvalidOperationException("BENCH_FLOOR_SMTP_PORT is not set."), CultureInfo.InvariantCulture);
        await using var smtp = new SmtpConnections("127.0.0.1", smtpPort, SmtpConnectionLimit);
        var senderAddress = new Uri($"queue:{SenderQueue}");

        var sender = BenchBus.Create(amqp, cfg => cfg.ReceiveEndpoint(SenderQueue, endpoint =>
        {
            endpoint.PrefetchCount = Prefetch;
            endpoint.Handler<SendEmail>(async context =>
            {
                await smtp.SendAsync(Email(context.Message), context.CancellationToken);
                await context.Publish(new NotificationDelivered
                {
                    NotificationId = context.Message.NotificationId,
                    Channel = Channels.Email,
                    RecipientId = context.Message.Recipient.Id,
                    ConversationId = context.Message.Message.ConversationId,
                    MessageId = context.Message.Message.MessageId,
                    Provider = "smtp",
                    DeliveredAt = DateTimeOffset.UtcNow,
                });
            });
        }));
        var router = BenchBus.Create(amqp, cfg => cfg.ReceiveEndpoint(RouterQueue, endpoint =>
        {
            endpoint.PrefetchCount = Prefetch;
            endpoint.Handler<MessagePosted>(async context =>
            {
                var endpoint = await context.GetSendEndpoint(senderAddress);
                await endpoint.Send(Command(context.Message), context.CancellationToken);
            });
        }));
        await sender.StartAsync();
        await router.StartAsync();
        try
        {
            // The benchmark holds the other end of standard input: it closes when the benchmark stops or dies.
            await Console.In.ReadToEndAsync();
        }
        finally
        {
            await router.StopAsync();
            await sender.StopAsync();
        }
        return 0;
    }

    /// <summary>The command the router would send for an A2 message, with the router's notification id.</summary>
    private static SendEmail Command(MessagePosted message)
    {
        var agent = message.Conversation.AssignedAgentId ?? "agent-01";
        return new SendEmail
        {
            NotificationId = NotificationIds.EmailTo(message, agent),
            Rule = "A2",
            Recipient = new NotificationRecipient
            {
                Id = agent,
                Role = ParticipantRoles.Agent,
                Name = agent,
                Email = $"{agent}@helpdesk.bench",
            },
            Message = Notifications.Router.Routing.NotifiedMessages.Of(message),
        };
    }

    private static MimeMessage Email(SendEmail command)
    {
        var email = new MimeMessage();
        email.From.Add(new MailboxAddress("Help desk", "bench@helpdesk.bench"));
        email.To.Add(new MailboxAddress(command.Recipient.Name, command.Recipient.Email ?? "agent@helpdesk.bench"));
        email.Subject = "New message from a user";
        email.Headers.Add("X-Notification-Id", command.NotificationId);
        email.Body = new TextPart("plain") { Text = command.Message.Text };
        return email;
    }
}

/// <summary>The router's notification id of an email (<c>{messageId}:{recipientId}:email</c>), which the sink reads back.</summary>
public static class NotificationIds
{
    public static string EmailTo(MessagePosted message, string recipientId) => $"{message.MessageId}:{recipientId}:email";
}
