using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server in the test process that offers AUTH over a plain connection and keeps every credential it
/// was given: to prove which server did (and which never did) receive a password.
/// </summary>
public sealed class CredentialRecordingSmtpServer : MessageStore, IUserAuthenticator, IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    public CredentialRecordingSmtpServer()
    {
        Port = SmtpSink.FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("credential-recorder")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).AllowUnsecureAuthentication().AuthenticationRequired(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add((IMessageStore)this);
        services.Add((IUserAuthenticator)this);
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public int Port { get; }

    /// <summary>Every user name and password a client authenticated with.</summary>
    public ConcurrentQueue<(string User, string Password)> Credentials { get; } = new();

    public int MessagesAccepted => messages;

    private int messages;

    public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        Credentials.Enqueue((user, password));
        return Task.FromResult(true);
    }

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
        ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref messages);
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
