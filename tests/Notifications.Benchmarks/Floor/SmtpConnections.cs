using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Notifications.Benchmarks.Floor;

/// <summary>
/// A few MailKit connections kept open and reused, as the email sender's pooled transport keeps them: each
/// email takes an idle one (or opens one, up to the limit), sends and puts it back. A connection that failed
/// is replaced by a new one on its next use.
/// </summary>
public sealed class SmtpConnections(string host, int port, int limit) : IAsyncDisposable
{
    private readonly Channel<SmtpClient> idle = Channel.CreateUnbounded<SmtpClient>();
    private int opened;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var client = await RentAsync(cancellationToken);
        try
        {
            if (!client.IsConnected)
                await client.ConnectAsync(host, port, SecureSocketOptions.None, cancellationToken);
            await client.SendAsync(message, cancellationToken);
        }
        catch
        {
            client.Dispose();
            client = new SmtpClient();
            throw;
        }
        finally
        {
            idle.Writer.TryWrite(client);
        }
    }

    private async ValueTask<SmtpClient> RentAsync(CancellationToken cancellationToken)
    {
        if (idle.Reader.TryRead(out var client))
            return client;
        if (Interlocked.Increment(ref opened) <= limit)
            return new SmtpClient();
        Interlocked.Decrement(ref opened);
        return await idle.Reader.ReadAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        idle.Writer.TryComplete();
        await foreach (var client in idle.Reader.ReadAllAsync())
        {
            if (client.IsConnected)
                await client.DisconnectAsync(quit: true);
            client.Dispose();
        }
    }
}
