using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>An email as the SMTP server received it: the envelope (MAIL FROM, RCPT TO) and the message.</summary>
public sealed record ReceivedEmail(string MailFrom, IReadOnlyList<string> Recipients, MimeMessage Message);

/// <summary>
/// A minimal SMTP server for what the in-process <see cref="SmtpSink"/> cannot give or show: it offers AUTH and
/// refuses every credential with 535; it refuses a recipient whose local part starts with <c>rejected</c> at RCPT TO
/// with <c>550 5.1.1</c>, as a receiving server refuses an address that does not exist; and it keeps each
/// transaction's envelope (MAIL FROM, RCPT TO) beside the message. Just enough of RFC 5321 for MailKit: one line
/// per command, no pipelining.
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

    /// <summary>Messages accepted (DATA ended with 250), with their envelope.</summary>
    public ConcurrentQueue<ReceivedEmail> Accepted { get; } = new();

    /// <summary>Recipients refused at RCPT TO, with the MAIL FROM of their transaction.</summary>
    public ConcurrentQueue<(string MailFrom, string Recipient)> Refused { get; } = new();

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
                using var reader = new StreamReader(stream, Encoding.UTF8);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 scripted.test ESMTP");
                var mailFrom = "";
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
                            mailFrom = AddressOf(line);
                            recipients.Clear();
                            await writer.WriteLineAsync("250 2.1.0 OK");
                            break;
                        case "RCPT":
                            var to = AddressOf(line);
                            if (to.StartsWith("rejected", StringComparison.Ordinal))
                            {
                                Refused.Enqueue((mailFrom, to));
                                await writer.WriteLineAsync("550 5.1.1 The email account that you tried to reach does not exist");
                                break;
                            }
                            recipients.Add(to);
                            await writer.WriteLineAsync("250 2.1.5 OK");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                            var data = new StringBuilder();
                            while (await reader.ReadLineAsync(stop.Token) is { } text && text != ".")
                                data.Append(text.StartsWith("..", StringComparison.Ordinal) ? text[1..] : text).Append("\r\n");
                            using (var message = new MemoryStream(Encoding.UTF8.GetBytes(data.ToString())))
                                Accepted.Enqueue(new ReceivedEmail(mailFrom, [.. recipients], await MimeMessage.LoadAsync(message)));
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

    /// <summary>The address of <c>MAIL FROM:&lt;a@b&gt; SIZE=…</c> or <c>RCPT TO:&lt;a@b&gt;</c>.</summary>
    private static string AddressOf(string line)
    {
        var start = line.IndexOf('<');
        var end = line.IndexOf('>', start + 1);
        return start >= 0 && end > start ? line[(start + 1)..end] : line[(line.IndexOf(':') + 1)..].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        stop.Dispose();
    }
}
