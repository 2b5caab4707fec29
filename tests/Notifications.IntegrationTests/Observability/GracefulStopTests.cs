using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using MimeKit;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Notifications.IntegrationTests.Observability;

/// <summary>Stopping a sender lets the message it is sending finish; after a restart nothing is sent twice.
/// Also: <c>Messaging:QuorumQueues</c> declares the receive queues as quorum queues.</summary>
[Trait("Category", "Integration")]
public sealed class GracefulStopTests : IAsyncLifetime
{
    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly HeldSmtpServer smtp = new();

    public Task InitializeAsync() => infrastructure.StartAsync();

    private Dictionary<string, string?> Configuration(bool quorum = false) => new(infrastructure.Configuration(defaultLogLevel: null, quickRetries: false))
    {
        ["Messaging:QuorumQueues"] = quorum ? "true" : "false",
        ["Messaging:StopTimeoutSeconds"] = "30",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtp.Port.ToString(),
        ["Email:Smtp:Security"] = "None",
        ["Email:From"] = "notifications@helpdesk.test",
    };

    [Fact]
    public async Task SenderStoppingMidSend_FinishesTheMessage_AndAfterRestartDoesNotSendItAgain()
    {
        var sender = await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, Configuration());
        var delivered = new ConcurrentQueue<NotificationDelivered>();
        var platform = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(infrastructure.VirtualHost.AmqpUrl, host => { host.Username("guest"); host.Password("guest"); });
            cfg.ReceiveEndpoint($"test-delivered-{Guid.NewGuid():N}", e => e.Handler<NotificationDelivered>(context =>
            {
                delivered.Enqueue(context.Message);
                return Task.CompletedTask;
            }));
        });
        await platform.StartAsync();
        try
        {
            var command = Command();
            await platform.SendToQueueAsync(QueueNames.SendEmail, command);

            // The SMTP server has the whole message and holds its answer: the consumer is mid-send.
            await smtp.Receiving.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var stopping = sender.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(stopping.IsCompleted, "the service stopped before its in-flight message finished");

            smtp.Answer.SetResult();
            await stopping.WaitAsync(TimeSpan.FromSeconds(30));
            await sender.DisposeAsync();

            Assert.Single(smtp.Messages);
            await Eventually.TrueAsync(() => delivered.Count == 1, "the NotificationDelivered event");
            Assert.Empty(await infrastructure.VirtualHost.TakeAsync(QueueNames.SendEmail));   // acknowledged, not requeued

            var restarted = await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, Configuration());
            await Task.Delay(TimeSpan.FromSeconds(2));
            await restarted.StopAsync();
            await restarted.DisposeAsync();

            Assert.Single(smtp.Messages);
            Assert.Single(delivered);
            Assert.Equal(command.NotificationId, delivered.Single().NotificationId);
        }
        finally
        {
            await platform.StopAsync();
        }
    }

    [Fact]
    public async Task QuorumQueuesSwitch_DeclaresTheSendersQueueAsAQuorumQueue()
    {
        var sender = await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, Configuration(quorum: true));
        try
        {
            using var http = new HttpClient { BaseAddress = infrastructure.Environment.RabbitMqManagementUrl };
            var userInfo = infrastructure.Environment.RabbitMqUrl.UserInfo.Length > 0 ? Uri.UnescapeDataString(infrastructure.Environment.RabbitMqUrl.UserInfo) : "guest:guest";
            http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(userInfo)));
            using var queue = JsonDocument.Parse(await http.GetStringAsync($"api/queues/{infrastructure.VirtualHost.Name}/{QueueNames.SendEmail}"));
            Assert.Equal("quorum", queue.RootElement.GetProperty("type").GetString());
        }
        finally
        {
            await sender.StopAsync();
            await sender.DisposeAsync();
        }
    }

    [Fact]
    public async Task QuorumQueuesSwitch_DeclaresTheRoutersDelayLadderAsQuorumQueues_WithTheirTtlAndDeadLetter()
    {
        var router = await ServiceHost.StartAsync("Notifications.Router", Notifications.Router.RouterHost.Build, Configuration(quorum: true));
        try
        {
            using var http = new HttpClient { BaseAddress = infrastructure.Environment.RabbitMqManagementUrl };
            var userInfo = infrastructure.Environment.RabbitMqUrl.UserInfo.Length > 0 ? Uri.UnescapeDataString(infrastructure.Environment.RabbitMqUrl.UserInfo) : "guest:guest";
            http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(userInfo)));
            // The router's waits (A6's 10 s by default) go through the ladder: every level a quorum queue whose TTL
            // is its hold and which dead-letters into the next level, the last one into the delivery exchange.
            var ladder = new Notifications.Scheduling.DelayLadder(Quorum: true);
            await Eventually.TrueAsync(async () => (await http.GetAsync($"api/queues/{infrastructure.VirtualHost.Name}/{ladder.LevelName(0)}")).IsSuccessStatusCode, "the ladder's declaration");
            for (var level = 0; level < Notifications.Scheduling.DelayLevels.Count; level++)
            {
                using var queue = JsonDocument.Parse(await http.GetStringAsync($"api/queues/{infrastructure.VirtualHost.Name}/{ladder.LevelName(level)}"));
                Assert.Equal("quorum", queue.RootElement.GetProperty("type").GetString());
                var arguments = queue.RootElement.GetProperty("arguments");
                Assert.Equal((1 << level) * 1000, arguments.GetProperty("x-message-ttl").GetInt32());
                Assert.Equal(ladder.NextExchange(level), arguments.GetProperty("x-dead-letter-exchange").GetString());
            }
        }
        finally
        {
            await router.StopAsync();
            await router.DisposeAsync();
        }
    }

    private static SendEmail Command()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new SendEmail
        {
            NotificationId = $"msg-{id}:agent-sam:email",
            Rule = "A1",
            Recipient = new NotificationRecipient { Id = "agent-sam", Role = ParticipantRoles.Agent, Name = "Sam", Email = "agent-sam@helpdesk.test" },
            Message = new NotifiedMessage
            {
                MessageId = $"msg-{id}",
                ConversationId = $"conv-{id}",
                Sender = new MessageSender { Id = "user-ada", Role = ParticipantRoles.User, Name = "Ada Lovelace" },
                Text = $"Question {id}",
                PostedAt = DateTimeOffset.UtcNow,
            },
        };
    }

    public async Task DisposeAsync()
    {
        smtp.Answer.TrySetResult();
        await infrastructure.DisposeAsync([], smtp);
    }

    /// <summary>An SMTP server that, for the first message, waits for <see cref="Answer"/> before accepting it.</summary>
    private sealed class HeldSmtpServer : MessageStore, IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task running;

        public TaskCompletionSource Receiving { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();
        public int Port { get; } = SmtpSink.FreePort();

        public HeldSmtpServer()
        {
            var options = new SmtpServerOptionsBuilder().ServerName("held-smtp")
                .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(this);
            running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
        }

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Receiving.TrySetResult();
            await Answer.Task;
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try { await running; }
            catch (OperationCanceledException) { }
        }
    }
}
