using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh vhost per test run, through the management API, so queues left by earlier runs (the broker keeps
/// durable queues) can neither pass nor fail this run. Deleted again at the end.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    private readonly HttpClient http;

    public string Name { get; }
    public Uri AmqpUrl { get; }

    private RabbitMqVirtualHost(HttpClient http, string name, Uri amqpUrl)
    {
        this.http = http;
        Name = name;
        AmqpUrl = amqpUrl;
    }

    public static async Task<RabbitMqVirtualHost> CreateAsync(TestEnvironment environment)
    {
        var broker = environment.RabbitMqUrl;
        var userInfo = broker.UserInfo.Length > 0 ? Uri.UnescapeDataString(broker.UserInfo) : "guest:guest";
        var user = userInfo.Split(':')[0];
        var http = new HttpClient { BaseAddress = environment.RabbitMqManagementUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));

        var name = $"notifications-test-{Guid.NewGuid():N}";
        (await http.PutAsync($"api/vhosts/{name}", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        (await http.PutAsync($"api/permissions/{name}/{Uri.EscapeDataString(user)}",
            JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" }))).EnsureSuccessStatusCode();

        var amqp = new UriBuilder(broker) { Path = "/" + name }.Uri;
        return new RabbitMqVirtualHost(http, name, amqp);
    }

    /// <summary>Takes (and removes) up to <paramref name="count"/> messages from a queue: body and headers.</summary>
    public async Task<IReadOnlyList<QueuedMessage>> TakeAsync(string queue, int count = 10)
    {
        var response = await http.PostAsync($"api/queues/{Name}/{queue}/get",
            JsonContent.Create(new { count, ackmode = "ack_requeue_false", encoding = "auto" }));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            return [];
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().Select(m => new QueuedMessage(
            m.GetProperty("payload").GetString() ?? "",
            m.GetProperty("properties").TryGetProperty("headers", out var headers)
                ? headers.EnumerateObject().ToDictionary(h => h.Name, h => h.Value.ToString())
                : new Dictionary<string, string>())).ToList();
    }

    /// <summary>Whether the queue is declared in this vhost (the management API answers 404 when not).</summary>
    public async Task<bool> QueueExistsAsync(string queue)
    {
        var response = await http.GetAsync($"api/queues/{Name}/{queue}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            return false;
        response.EnsureSuccessStatusCode();
        return true;
    }

    /// <summary>Publishes raw bytes to an exchange, as a platform with a broken serializer would.</summary>
    public async Task PublishRawAsync(string exchange, string payload, string contentType)
    {
        var response = await http.PostAsync($"api/exchanges/{Name}/{Uri.EscapeDataString(exchange)}/publish", JsonContent.Create(new
        {
            properties = new { content_type = contentType, delivery_mode = 2 },
            routing_key = "",
            payload,
            payload_encoding = "string",
        }));
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await http.DeleteAsync($"api/vhosts/{Name}");
        }
        finally
        {
            http.Dispose();
        }
    }
}

public sealed record QueuedMessage(string Payload, IReadOnlyDictionary<string, string> Headers);
