using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Notifications.Benchmarks;

/// <summary>
/// A real SMTP server that only notes when each email arrived and its notification id (from the
/// X-Notification-Id header), without parsing the rest, so the sink is not what the benchmark measures.
/// It also counts the SMTP sessions (connections) it served.
/// </summary>
public sealed class TimingSmtpSink : MessageStore, IAsyncDisposable
{
    private static readonly byte[] Header = Encoding.ASCII.GetBytes("X-Notification-Id: ");
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private int sessions;

    public ConcurrentQueue<(string NotificationId, DateTimeOffset ReceivedAt)> Received { get; } = new();
    public int Port { get; }
    public int Sessions => Volatile.Read(ref sessions);

    public TimingSmtpSink()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var options = new SmtpServerOptionsBuilder()
            .ServerName("bench-sink")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(this);
        var server = new SmtpServer.SmtpServer(options, services);
        server.SessionCreated += (_, _) => Interlocked.Increment(ref sessions);
        running = server.StartAsync(stop.Token);
    }

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
        ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        var bytes = buffer.ToArray();
        var start = bytes.AsSpan().IndexOf(Header);
        var id = "";
        if (start >= 0)
        {
            var value = bytes.AsSpan(start + Header.Length);
            var end = value.IndexOf((byte)'\r');
            id = Encoding.ASCII.GetString(end >= 0 ? value[..end] : value);
        }
        Received.Enqueue((id, receivedAt));
        return Task.FromResult(SmtpResponse.Ok);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
