using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// A provider (OneSignal's API shape) that takes requests and does not answer them: each waits until
/// <see cref="Release"/>, or until its caller gives up. After <see cref="AnswerNewRequests"/>, requests that arrive
/// are answered at once while those already waiting keep waiting.
/// </summary>
public sealed class HangingProvider : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool answerNew;
    private int received;
    private int abandoned;

    public Uri BaseUrl { get; }

    /// <summary>Requests that arrived.</summary>
    public int Received => Volatile.Read(ref received);

    /// <summary>Requests whose caller gave up waiting (its token cancelled, the connection closed).</summary>
    public int Abandoned => Volatile.Read(ref abandoned);

    private HangingProvider(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<HangingProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        HangingProvider? provider = null;
        app.Run(context => provider!.AnswerAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return provider = new HangingProvider(app, new Uri(address));
    }

    public void Release() => released.TrySetResult();

    public void AnswerNewRequests() => answerNew = true;

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref received);
        if (!answerNew)
        {
            try
            {
                await released.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref abandoned);
                return;
            }
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"id":"{{Guid.NewGuid()}}","errors":[]}""");
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await app.DisposeAsync();
    }
}
