using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Notifications.Chaos;

/// <summary>
/// What the broker itself counts per consumer: the messages each service process acknowledged from a queue, read from
/// the RabbitMQ management API (a consumer's channel and its <c>ack</c> count, the channel's connection and the
/// <c>process_id</c> MassTransit reports in its client properties). The broker forgets a connection's statistics
/// when it closes, and refreshes them every few seconds (<c>collect_statistics_interval</c>, 5 s by default), so the
/// counts are sampled while the run goes on and the highest seen is kept: for a process killed with SIGKILL that is
/// its count at the last sample before the kill, a few seconds' work short at most.
/// </summary>
public sealed class BrokerConsumerCounts : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private readonly HttpClient http;
    private readonly string vhost;
    private readonly Dictionary<(int ProcessId, string Queue), long> highest = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;

    public BrokerConsumerCounts(Uri managementUrl, Uri amqpUrl, string vhost)
    {
        var userInfo = amqpUrl.UserInfo.Length > 0 ? Uri.UnescapeDataString(amqpUrl.UserInfo) : "guest:guest";
        http = new HttpClient { BaseAddress = managementUrl, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        this.vhost = Uri.EscapeDataString(vhost);
        sampling = Task.Run(SampleUntilStoppedAsync);
    }

    /// <summary>The messages process <paramref name="processId"/> acknowledged from <paramref name="queue"/>, as last sampled.</summary>
    public long Acknowledged(int processId, string queue)
    {
        lock (highest)
            return highest.GetValueOrDefault((processId, queue));
    }

    /// <summary>The processes with a consumer on <paramref name="queue"/> now.</summary>
    public async Task<HashSet<int>> ConsumingProcessesAsync(string queue)
    {
        var processOfConnection = await ProcessOfConnectionAsync();
        using var consumers = await GetAsync($"api/consumers/{vhost}");
        return consumers.RootElement.EnumerateArray()
            .Where(c => c.GetProperty("queue").GetProperty("name").GetString() == queue)
            .Select(c => ChannelOf(c) is { } channel ? processOfConnection.GetValueOrDefault(channel.Connection, -1) : -1)
            .ToHashSet();
    }

    /// <summary>Samples once more now (the broker's own figures lag by its statistics interval).</summary>
    public Task SampleNowAsync() => SampleAsync();

    private async Task SampleUntilStoppedAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await SampleAsync();
                await Task.Delay(Every, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or KeyNotFoundException)
            {
                // A missed sample (the broker busy, a listing in an unexpected shape) only delays the figures; the next
                // one reads the same counters.
                await Task.Delay(Every);
            }
        }
    }

    private async Task SampleAsync()
    {
        var processOfConnection = await ProcessOfConnectionAsync();

        using var channels = await GetAsync($"api/vhosts/{vhost}/channels?columns=name,message_stats.ack");
        var acksOfChannel = new Dictionary<string, long>();
        foreach (var channel in channels.RootElement.EnumerateArray())
        {
            if (channel.TryGetProperty("message_stats", out var stats) && stats.ValueKind == JsonValueKind.Object
                && stats.TryGetProperty("ack", out var ack))
                acksOfChannel[channel.GetProperty("name").GetString()!] = ack.GetInt64();
        }

        using var consumers = await GetAsync($"api/consumers/{vhost}");
        foreach (var consumer in consumers.RootElement.EnumerateArray())
        {
            var queue = consumer.GetProperty("queue").GetProperty("name").GetString()!;
            if (ChannelOf(consumer) is not { } channel
                || !processOfConnection.TryGetValue(channel.Connection, out var processId)
                || !acksOfChannel.TryGetValue(channel.Name, out var acks))
                continue;
            lock (highest)
                highest[(processId, queue)] = Math.Max(highest.GetValueOrDefault((processId, queue)), acks);
        }
    }

    /// <summary>A consumer's channel and connection; the broker lists <c>channel_details</c> as an empty array until it
    /// knows them (a consumer that has just subscribed).</summary>
    private static (string Name, string Connection)? ChannelOf(JsonElement consumer) =>
        consumer.TryGetProperty("channel_details", out var channel) && channel.ValueKind == JsonValueKind.Object
        && channel.TryGetProperty("name", out var name) && channel.TryGetProperty("connection_name", out var connection)
            ? (name.GetString()!, connection.GetString()!)
            : null;

    /// <summary>Connection name to the process id MassTransit reports in the connection's client properties.</summary>
    private async Task<Dictionary<string, int>> ProcessOfConnectionAsync()
    {
        using var connections = await GetAsync($"api/vhosts/{vhost}/connections?columns=name,client_properties.process_id");
        var processOfConnection = new Dictionary<string, int>();
        foreach (var connection in connections.RootElement.EnumerateArray())
        {
            if (connection.TryGetProperty("client_properties", out var properties)
                && properties.TryGetProperty("process_id", out var id)
                && int.TryParse(id.ToString(), out var processId))
                processOfConnection[connection.GetProperty("name").GetString()!] = processId;
        }
        return processOfConnection;
    }

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var response = await http.GetAsync(path, stop.Token);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(stop.Token), cancellationToken: stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await sampling;
        }
        catch (OperationCanceledException)
        {
        }
        http.Dispose();
        stop.Dispose();
    }
}
