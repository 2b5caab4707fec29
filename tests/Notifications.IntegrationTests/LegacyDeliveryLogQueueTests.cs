using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.EmailSender.Upgrades;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.IntegrationTests.Observability;
using Notifications.ServiceDefaults.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Notifications.IntegrationTests;

/// <summary>
/// An upgraded deployment: the vhost still has the <c>delivery-log</c> queue earlier email senders consumed, bound
/// to an outcome exchange and holding a copy of an outcome. The email sender removes it, and its exchange, at start;
/// not while an older email sender still consumes it (a rolling upgrade), which would only declare it again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LegacyDeliveryLogQueueTests : IAsyncLifetime
{
    private static readonly string DeliveredExchange = $"{typeof(NotificationDelivered).Namespace}:{nameof(NotificationDelivered)}";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly CapturedLogs logs = new();
    private IConnection broker = null!;
    private WebApplication? emailSender;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        broker = await RabbitMqConnection.Parse(infrastructure.VirtualHost.AmqpUrl.ToString()).ToConnectionFactory("legacy-delivery-log-test").CreateConnectionAsync();
    }

    [Fact]
    public async Task TheLegacyQueueBoundToTheOutcomes_IsRemovedWithItsExchange_WhenTheEmailSenderStarts()
    {
        await using (var channel = await broker.CreateChannelAsync())
        {
            // As MassTransit declared the old consumer's endpoint: outcome exchange -> delivery-log exchange -> queue.
            await channel.ExchangeDeclareAsync(DeliveredExchange, ExchangeType.Fanout, durable: true);
            await channel.ExchangeDeclareAsync(LegacyDeliveryLogQueue.Name, ExchangeType.Fanout, durable: true);
            await channel.QueueDeclareAsync(LegacyDeliveryLogQueue.Name, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(LegacyDeliveryLogQueue.Name, LegacyDeliveryLogQueue.Name, routingKey: "");
            await channel.ExchangeBindAsync(LegacyDeliveryLogQueue.Name, DeliveredExchange, routingKey: "");
            await channel.BasicPublishAsync(DeliveredExchange, routingKey: "", Encoding.UTF8.GetBytes("""{"message":{"notificationId":"legacy"}}"""));
        }
        await Eventually.TrueAsync(async () => await MessagesInAsync(LegacyDeliveryLogQueue.Name) == 1, "the outcome's copy in the legacy queue");

        await StartEmailSenderAsync();

        await Eventually.TrueAsync(async () => await MessagesInAsync(LegacyDeliveryLogQueue.Name) is null, "the legacy queue to be removed");
        Assert.False(await ExchangeExistsAsync(LegacyDeliveryLogQueue.Name));
        Assert.True(await ExchangeExistsAsync(DeliveredExchange), "the platform's outcome exchange must stay");

        var removed = Assert.Single(logs.Lines, line => line.Category == typeof(LegacyDeliveryLogQueue).FullName);
        Assert.Contains("Removed the legacy queue delivery-log and its exchange", removed.Message);
        Assert.Equal(1u, removed.State["Messages"]);
    }

    [Fact]
    public async Task TheLegacyQueueStillConsumedByAnOlderEmailSender_IsLeftUntilItStops()
    {
        await using var channel = await broker.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(LegacyDeliveryLogQueue.Name, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync(LegacyDeliveryLogQueue.Name, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(LegacyDeliveryLogQueue.Name, LegacyDeliveryLogQueue.Name, routingKey: "");
        await channel.BasicConsumeAsync(LegacyDeliveryLogQueue.Name, autoAck: true, new AsyncEventingBasicConsumer(channel));

        await StartEmailSenderAsync();

        await Eventually.TrueAsync(() => logs.Lines.Any(line => line.Category == typeof(LegacyDeliveryLogQueue).FullName),
            "the email sender to look at the legacy queue");
        Assert.Contains("is still consumed by", Assert.Single(logs.Lines, line => line.Category == typeof(LegacyDeliveryLogQueue).FullName).Message);
        Assert.NotNull(await MessagesInAsync(LegacyDeliveryLogQueue.Name));
        Assert.True(await ExchangeExistsAsync(LegacyDeliveryLogQueue.Name));
    }

    private async Task StartEmailSenderAsync()
    {
        var configuration = infrastructure.Configuration();
        configuration[$"Logging:LogLevel:{typeof(LegacyDeliveryLogQueue).FullName}"] = "Information";
        emailSender = await ServiceHost.StartAsync("Notifications.EmailSender", builder =>
        {
            builder.Logging.AddProvider(logs);
            return EmailSenderHost.Build(builder);
        }, configuration);
    }

    /// <summary>The queue's message count, or null when there is no such queue.</summary>
    private async Task<uint?> MessagesInAsync(string queue)
    {
        await using var channel = await broker.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    private async Task<bool> ExchangeExistsAsync(string exchange)
    {
        await using var channel = await broker.CreateChannelAsync();
        try
        {
            await channel.ExchangeDeclarePassiveAsync(exchange);
            return true;
        }
        catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }

    public async Task DisposeAsync()
    {
        if (broker is not null)
            await broker.DisposeAsync();
        await infrastructure.DisposeAsync([emailSender]);
    }
}
