using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using ServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace Notifications.EmailSender.Tests.Transport;

/// <summary>
/// A real SMTP server in the test process on 127.0.0.1. Recipients starting with <c>rejected</c> get 550 at
/// RCPT TO; messages to recipients starting with <c>busy</c> get 451 at the end of DATA.
/// </summary>
internal sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly SmtpServer.SmtpServer server;
    private readonly Task running;
    private int sessionsCreated;

    /// <param name="certificate">With a certificate the server offers STARTTLS, or speaks TLS at once when
    /// <paramref name="implicitTls"/> (the SslOnConnect mode).</param>
    public TestSmtpServer(X509Certificate2? certificate = null, bool implicitTls = false)
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
                if (certificate is not null)
                    endpoint.Certificate(certificate).IsSecure(implicitTls);
            })
            .Build();
        var services = new ServiceProvider();
        services.Add(new CapturingStore(this));
        services.Add(new RecipientFilter());
        server = new SmtpServer.SmtpServer(options, services);
        server.SessionCreated += (_, _) => Interlocked.Increment(ref sessionsCreated);
        running = server.StartAsync(stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>Sessions that delivered at least one message: the connections the client really used.</summary>
    public ConcurrentDictionary<ISessionContext, int> DeliveringSessions { get; } = new();

    public int SessionsCreated => Volatile.Read(ref sessionsCreated);

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>StartAsync binds in the background: wait until the port accepts. The probe is a session too, and
    /// the server counts it on its own thread, so wait until it is counted: a test that reads
    /// <see cref="SessionsCreated"/> before its sends then counts only its own sessions.</summary>
    public async Task WaitUntilListeningAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using (var probe = new TcpClient())
                    await probe.ConnectAsync(IPAddress.Loopback, Port);
                for (var wait = 0; wait < 100 && SessionsCreated == 0; wait++)
                    await Task.Delay(50);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"The test SMTP server did not listen on port {Port}.");
    }

    public async ValueTask DisposeAsync()
    {
        server.Shutdown();
        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
        stop.Dispose();
    }

    private sealed class CapturingStore(TestSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (transaction.To.Any(to => to.User.StartsWith("busy", StringComparison.Ordinal)))
                return new SmtpResponse((SmtpReplyCode)451, "4.3.0 Temporary local problem, try again later");

            await using var stream = new MemoryStream(buffer.ToArray());
            owner.Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            owner.DeliveringSessions.AddOrUpdate(context, 1, (_, count) => count + 1);
            return SmtpResponse.Ok;
        }
    }

    private sealed class RecipientFilter : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!to.User.StartsWith("rejected", StringComparison.Ordinal));
    }
}
