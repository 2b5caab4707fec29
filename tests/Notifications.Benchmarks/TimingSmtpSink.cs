using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Notifications.Benchmarks;

/// <summary>
/// A minimal real SMTP server for the benchmarks (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, with PIPELINING,
/// and STARTTLS when given a certificate), that notes when each email arrived and its X-Notification-Id.
/// It answers with TCP_NODELAY and does no
/// parsing beyond that header, so the sink is never what a benchmark measures (a general-purpose server
/// library capped both SMTP figures at the same ~90 emails/s here).
/// </summary>
public sealed class TimingSmtpSink : IAsyncDisposable
{
    private const string HeaderName = "X-Notification-Id:";
    private const string MessageIdHeader = "Message-ID:";
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private readonly X509Certificate2? certificate;
    private int sessions;

    public ConcurrentQueue<(string NotificationId, DateTimeOffset ReceivedAt)> Received { get; } = new();

    /// <summary>
    /// The same emails with their Message-ID header and the client's TCP port: which connection, and so which sender
    /// process, delivered each copy of an email that arrived twice.
    /// </summary>
    public ConcurrentQueue<AcceptedEmail> Accepted { get; } = new();
    public int Port { get; }
    public int Sessions => Volatile.Read(ref sessions);

    /// <summary>
    /// Optional fault injection: asked after each email's data; a non-null reply (for example a 451) is sent
    /// instead of "250 OK" and the email is not recorded as received.
    /// </summary>
    public Func<string?>? DataReply { get; set; }

    /// <summary>With a certificate the sink offers STARTTLS, as the production default (<c>StartTls</c>) expects.</summary>
    public TimingSmtpSink(X509Certificate2? certificate = null)
    {
        this.certificate = certificate;
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
        var clientPort = (socket.RemoteEndPoint as IPEndPoint)?.Port ?? 0;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var session = new Session(stream);
            await ReplyAsync(session.Writer, "220 bench-sink ESMTP");
            while (await session.Reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        var startTls = certificate is not null && stream is not SslStream ? "250-STARTTLS\r\n" : "";
                        await ReplyAsync(session.Writer, $"250-bench-sink\r\n{startTls}250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8");
                        break;
                    case "STAR" when certificate is not null && stream is not SslStream:
                        await ReplyAsync(session.Writer, "220 ready to start TLS");
                        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stop.Token);
                        stream = tls;
                        session = new Session(stream);
                        break;
                    case "DATA":
                        await ReplyAsync(session.Writer, "354 end with <CRLF>.<CRLF>");
                        var (id, messageId, complete) = await ReadDataAsync(session.Reader);
                        // Cut off before the final "." (the client was killed mid-send): a real server keeps nothing.
                        if (!complete)
                            return;
                        if (DataReply?.Invoke() is { } failure)
                        {
                            await ReplyAsync(session.Writer, failure);
                            break;
                        }
                        var receivedAt = DateTimeOffset.UtcNow;
                        Received.Enqueue((id, receivedAt));
                        Accepted.Enqueue(new AcceptedEmail(id, messageId, clientPort, receivedAt));
                        await ReplyAsync(session.Writer, "250 OK");
                        break;
                    case "QUIT":
                        await ReplyAsync(session.Writer, "221 bye");
                        return;
                    default:
                        await ReplyAsync(session.Writer, "250 OK");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away or the sink is stopping.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    /// <summary>The line reader and writer over the connection's current stream (plain, then TLS after STARTTLS).</summary>
    private sealed class Session(Stream stream)
    {
        public StreamReader Reader { get; } = new(stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        public StreamWriter Writer { get; } = new(stream, Encoding.Latin1, leaveOpen: true) { NewLine = "\r\n", AutoFlush = false };
    }

    /// <returns>The email's notification id and Message-ID, and whether the data ended with its "." line.</returns>
    private async Task<(string Id, string MessageId, bool Complete)> ReadDataAsync(StreamReader reader)
    {
        var id = "";
        var messageId = "";
        while (await reader.ReadLineAsync(stop.Token) is { } line)
        {
            if (line == ".")
                return (id, messageId, true);
            if (id.Length == 0 && line.StartsWith(HeaderName, StringComparison.OrdinalIgnoreCase))
                id = line[HeaderName.Length..].Trim();
            else if (messageId.Length == 0 && line.StartsWith(MessageIdHeader, StringComparison.OrdinalIgnoreCase))
                messageId = line[MessageIdHeader.Length..].Trim();
        }
        return (id, messageId, false);
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

/// <summary>An email the sink accepted: its notification id, its Message-ID header, the client's TCP port, when.</summary>
public sealed record AcceptedEmail(string NotificationId, string MessageId, int ClientPort, DateTimeOffset ReceivedAt);
