using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.Chaos;

/// <summary>An SMS Twilio accepted: the destination and the text, and what its message list shows of it.</summary>
public sealed record TwilioSms(string To, string Body, string Sid, DateTimeOffset CreatedAt);

/// <summary>A push OneSignal accepted: the notification id the app receives and the idempotency key.</summary>
public sealed record OneSignalPush(string NotificationId, string IdempotencyKey);

/// <summary>
/// Twilio's and OneSignal's APIs on 127.0.0.1 (Kestrel), recording every request they accept. While the
/// <see cref="FaultInjector"/> is active a share of requests fails: 503, 429 with Retry-After, or (rarely) an
/// acceptance answered only after the services' 30 s HTTP timeout. Twilio's message list (the SMS sender's lookup
/// before a re-send) is answered from the SMS accepted so far (ProviderStub.TwilioList.cs).
/// </summary>
public sealed partial class ProviderStub : IAsyncDisposable
{
    /// <summary>Longer than the services' provider timeout (30 s).</summary>
    private static readonly TimeSpan LateAnswerDelay = TimeSpan.FromSeconds(32);

    private readonly WebApplication app;
    private readonly FaultInjector faults;

    public ConcurrentQueue<TwilioSms> Sms { get; } = new();
    public ConcurrentQueue<OneSignalPush> Pushes { get; } = new();
    public long TwilioRequests => Interlocked.Read(ref twilioRequests);

    /// <summary>When each Twilio request arrived (sends and message-list lookups alike: both count against its rate).</summary>
    public ConcurrentQueue<DateTimeOffset> TwilioRequestTimes { get; } = new();
    public long OneSignalRequests => Interlocked.Read(ref oneSignalRequests);
    public long LateAnswers => Interlocked.Read(ref lateAnswers);
    public Uri BaseUrl { get; private set; } = null!;

    private long twilioRequests;
    private long oneSignalRequests;
    private long lateAnswers;

    private ProviderStub(WebApplication app, FaultInjector faults)
    {
        this.app = app;
        this.faults = faults;
    }

    public static async Task<ProviderStub> StartAsync(FaultInjector faults)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new ProviderStub(app, faults);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        stub.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return stub;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var twilio = path.EndsWith("/Messages.json", StringComparison.Ordinal);
        if (twilio)
            TwilioRequestTimes.Enqueue(DateTimeOffset.UtcNow);
        Action accept;
        if (twilio && HttpMethods.IsGet(context.Request.Method))
        {
            await AnswerTwilioListAsync(context);
            return;
        }
        string sid = "";
        if (twilio)
        {
            Interlocked.Increment(ref twilioRequests);
            var form = await context.Request.ReadFormAsync();
            sid = "SM" + Guid.NewGuid().ToString("N");
            var sms = new TwilioSms(form["To"].ToString(), form["Body"].ToString(), sid, DateTimeOffset.UtcNow);
            accept = () => Sms.Enqueue(sms);
        }
        else if (path.EndsWith("/notifications", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref oneSignalRequests);
            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            var root = json.RootElement;
            var push = new OneSignalPush(
                root.GetProperty("data").GetProperty("notificationId").GetString() ?? "",
                root.GetProperty("idempotency_key").GetString() ?? "");
            accept = () => Pushes.Enqueue(push);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var (refused, fault) = await RefuseAsync(context, twilio, allowLate: true);
        if (refused)
            return;
        switch (fault)
        {
            case Fault.LateAnswer:
                // The provider takes the request (it will send it) but answers too late for the client.
                accept();
                Interlocked.Increment(ref lateAnswers);
                try
                {
                    await Task.Delay(LateAnswerDelay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                break;
            default:
                accept();
                break;
        }

        context.Response.ContentType = "application/json";
        if (twilio)
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            await context.Response.WriteAsync($$"""
                {"sid":"{{sid}}","status":"queued","body":"","to":"","from":"","num_segments":"1","direction":"outbound-api","api_version":"2010-04-01"}
                """);
        }
        else
        {
            await context.Response.WriteAsync($$"""{"id":"{{Guid.NewGuid()}}","errors":[]}""");
        }
    }

    /// <summary>
    /// Answers the refusal, when Twilio is down (for a Twilio request) or the fault drawn for this request is a 503 or a
    /// 429; otherwise answers nothing and hands the fault back (none, or an answer too late for the client).
    /// </summary>
    private async Task<(bool Refused, Fault Fault)> RefuseAsync(HttpContext context, bool twilio, bool allowLate)
    {
        if (twilio && faults.TwilioDown)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("""{"code":20503,"message":"chaos: Twilio is down","status":503}""");
            return (true, Fault.Unavailable);
        }
        var fault = faults.Next(allowLate);
        switch (fault)
        {
            case Fault.Unavailable:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("""{"message":"chaos: service unavailable"}""");
                return (true, fault);
            case Fault.Throttled:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsync("""{"message":"chaos: too many requests"}""");
                return (true, fault);
            default:
                return (false, fault);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
