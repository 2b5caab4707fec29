using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP forwarder on a fixed local port in front of a real server (RabbitMQ or Redis). Closing it makes the
/// server look down to the service under test (listener closed, live connections cut); opening it again
/// makes it come back, on the same port. <see cref="Pause"/> keeps the connections open but forwards nothing until
/// <see cref="Resume"/>: a server that hangs (Redis under <c>CLIENT PAUSE</c>), for this one client only.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly ConcurrentDictionary<Socket, byte> connections = new();
    private TcpListener? listener;
    private CancellationTokenSource? running;
    private volatile TaskCompletionSource flowing = CompletedFlow();

    public int Port { get; } = SmtpSink.FreePort();

    public TcpProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    public void Open()
    {
        if (listener is not null)
            return;
        running = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _ = AcceptAsync(listener, running.Token);
    }

    public void Close()
    {
        running?.Cancel();
        listener?.Stop();
        listener = null;
        foreach (var socket in connections.Keys)
        {
            try { socket.Close(); } catch (ObjectDisposedException) { }
        }
        connections.Clear();
    }

    public void Pause()
    {
        if (flowing.Task.IsCompleted)
            flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Resume() => flowing.TrySetResult();

    private static TaskCompletionSource CompletedFlow()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private async Task AcceptAsync(TcpListener server, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await server.AcceptSocketAsync(stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ForwardAsync(client, stop);
        }
    }

    private async Task ForwardAsync(Socket client, CancellationToken stop)
    {
        var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
        connections[client] = 0;
        connections[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(targetHost, targetPort, stop);
            await Task.WhenAny(PumpAsync(client, upstream, stop), PumpAsync(upstream, client, stop));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            foreach (var socket in new[] { client, upstream })
            {
                connections.TryRemove(socket, out _);
                try { socket.Close(); } catch (ObjectDisposedException) { }
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, CancellationToken stop)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, stop)) > 0)
            {
                // Paused: what was read is held, and nothing more is read, until the proxy resumes.
                await flowing.Task.WaitAsync(stop);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}
