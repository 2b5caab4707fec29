using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Notifications.Benchmarks;

/// <summary>
/// A minimal real SMTP server for the benchmarks (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, with PIPELINING),
/// that notes when each email arrived and its X-Notification-Id. It answers with TCP_NODELAY and does no
/// parsing beyond that header, so the sink is never what a benchmark measures (a general-purpose server
/// library capped both SMTP figures at the same ~90 emails/s here).
/// </summary>
public sealed class TimingSmtpSink : IAsyncDisposable
{
    private const string HeaderName = "X-Notification-Id:";
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private int sessions;

    public ConcurrentQueue<(string NotificationId, DateTimeOffset ReceivedAt)> Received { get; } = new();
    public int Port { get; }
    public int Sessions => Volatile.Read(ref sessions);

    /// <summary>
    /// Optional fault injection: asked after each email's data; a non-null reply (for example a 451) is sent
    /// instead of "250 OK" and the email is not recorded as received.
    /// </summary>
    public Func<string?>? DataReply { get; set; }

    public TimingSmtpSink()
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref sessions);
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        socket.NoDelay = true;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = false };
        try
        {
            await ReplyAsync(writer, "220 bench-sink ESMTP");
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await ReplyAsync(writer, "250-bench-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8");
                        break;
                    case "DATA":
                        await ReplyAsync(writer, "354 end with <CRLF>.<CRLF>");
                        var id = await ReadDataAsync(reader);
                        if (DataReply?.Invoke() is { } failure)
                        {
                            await ReplyAsync(writer, failure);
                            break;
                        }
                        Received.Enqueue((id, DateTimeOffset.UtcNow));
                        await ReplyAsync(writer, "250 OK");
                        break;
                    case "QUIT":
                        await ReplyAsync(writer, "221 bye");
                        return;
                    default:
                        await ReplyAsync(writer, "250 OK");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the sink is stopping.
        }
    }

    private async Task<string> ReadDataAsync(StreamReader reader)
    {
        var id = "";
        while (await reader.ReadLineAsync(stop.Token) is { } line && line != ".")
        {
            if (id.Length == 0 && line.StartsWith(HeaderName, StringComparison.OrdinalIgnoreCase))
                id = line[HeaderName.Length..].Trim();
        }
        return id;
    }

    private static async Task ReplyAsync(StreamWriter writer, string reply)
    {
        await writer.WriteLineAsync(reply);
        await writer.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
    }
}
