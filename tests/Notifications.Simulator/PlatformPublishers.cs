using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using RabbitMQ.Client;

namespace Notifications.Simulator;

/// <summary>The three ways a chat platform can hand its events to the system; the demo runs through any of them.</summary>
public interface IPlatformPublisher : IAsyncDisposable
{
    Task Publish<T>(T message) where T : class;
}

/// <summary>MassTransit's envelope (<c>application/vnd.masstransit+json</c>), as a .NET platform publishes.</summary>
public sealed class EnvelopePublisher(IBusControl bus) : IPlatformPublisher
{
    public Task Publish<T>(T message) where T : class => bus.Publish(message);

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}

/// <summary>Bare JSON (<c>application/json</c>) with the AMQP <c>type</c> property, as a platform without MassTransit publishes.</summary>
public sealed class BareJsonPublisher(IConnection connection, IChannel channel) : IPlatformPublisher
{
    public static async Task<BareJsonPublisher> ConnectAsync(ConnectionFactory factory)
    {
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new BareJsonPublisher(connection, channel);
    }

    public async Task Publish<T>(T message) where T : class
    {
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, Type = typeof(T).Name };
        await channel.BasicPublishAsync($"Notifications.Contracts:{typeof(T).Name}", "", mandatory: true, properties, JsonSerializer.SerializeToUtf8Bytes(message, PlatformJson.Options));
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}

/// <summary>The gateway's HTTP ingest, each request signed as the README describes (HMAC-SHA256 of "timestamp.body").</summary>
public sealed class IngestPublisher(Uri gateway, string signingKey) : IPlatformPublisher
{
    private readonly HttpClient http = new() { BaseAddress = gateway };

    public async Task Publish<T>(T message) where T : class
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, PlatformJson.Options);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "."), .. body]));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/events/{typeof(T).Name}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Signature", signature);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"The ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public ValueTask DisposeAsync()
    {
        http.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The wire format: camelCase JSON, as the contracts' schemas describe.</summary>
public static class PlatformJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
