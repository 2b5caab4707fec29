using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// A minimal SMTP responder for the answers the in-process <see cref="SmtpSink"/> cannot give: it offers AUTH
/// and refuses every credential with 535, and refuses recipients starting with <c>rejected</c> with 550.
/// Just enough of RFC 5321 for MailKit; one line per command, no pipelining.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();

    public ScriptedSmtpServer()
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Recipients of messages accepted (DATA ended with 250).</summary>
    public ConcurrentQueue<string> Delivered { get; } = new();

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 scripted.test ESMTP");
                var recipients = new List<string>();
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250-scripted.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME");
                            break;
                        case "AUTH":
                            await writer.WriteLineAsync("535 5.7.8 Authentication credentials invalid");
                            break;
                        case "MAIL":
                            recipients.Clear();
                            await writer.WriteLineAsync("250 2.1.0 OK");
                            break;
                        case "RCPT":
                            var to = line[(line.IndexOf(':') + 1)..].Trim(' ', '<', '>');
                            if (to.StartsWith("rejected", StringComparison.Ordinal))
                            {
                                await writer.WriteLineAsync("550 5.1.1 Mailbox unavailable");
                                break;
                            }
                            recipients.Add(to);
                            await writer.WriteLineAsync("250 2.1.5 OK");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                            while (await reader.ReadLineAsync(stop.Token) is { } data && data != ".")
                            {
                            }
                            foreach (var recipient in recipients)
                                Delivered.Enqueue(recipient);
                            await writer.WriteLineAsync("250 2.0.0 Queued");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 2.0.0 Bye");
                            return;
                        default:
                            await writer.WriteLineAsync(verb is "RSET" or "NOOP" ? "250 2.0.0 OK" : "502 5.5.2 Not implemented");
                            break;
                    }
                }
            }
            catch (Exception failure) when (failure is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping: nothing to answer.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        stop.Dispose();
    }
}
