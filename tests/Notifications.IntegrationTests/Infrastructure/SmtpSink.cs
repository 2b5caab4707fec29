using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>A real SMTP server in the test process that keeps every message it accepts.</summary>
public sealed class SmtpSink : MessageStore, IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<SmtpResponse>> plans = new();

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();
    public int Port { get; }

    /// <summary>The envelope sender (<c>MAIL FROM</c>) of each message kept: where a receiving server would bounce it.</summary>
    public ConcurrentQueue<(string MailFrom, MimeMessage Message)> Envelopes { get; } = new();

    /// <summary>Every message's data as it arrived, refused or not: what the server was asked to accept.</summary>
    public ConcurrentQueue<MimeMessage> Attempts { get; } = new();

    /// <summary>
    /// The next messages whose text part contains <paramref name="marker"/> get these replies to their data in turn
    /// (a 451 is transient, a 550 permanent) and are not kept; once they are used up, such messages are accepted.
    /// </summary>
    public void Plan(string marker, params SmtpResponse[] replies) => plans[marker] = new ConcurrentQueue<SmtpResponse>(replies);

    public SmtpSink()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp-sink")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(this);
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
        ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer.ToArray());
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        Attempts.Enqueue(message);
        foreach (var (marker, replies) in plans)
        {
            if ((message.TextBody ?? "").Contains(marker, StringComparison.Ordinal) && replies.TryDequeue(out var planned))
                return planned;
        }
        Messages.Enqueue(message);
        Envelopes.Enqueue((transaction.From is { } from ? $"{from.User}@{from.Host}" : "", message));
        return SmtpResponse.Ok;
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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
