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

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();
    public int Port { get; }

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
        Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
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
