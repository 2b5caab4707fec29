using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>One request a provider stub received, and when (UTC) it arrived.</summary>
public sealed record StubRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The query string, with its <c>?</c>.</summary>
    public string Query { get; init; } = "";
}

/// <summary>An answer planned for a request: its status and, for an error, the provider's text.</summary>
/// <param name="LoseAnswer">Twilio takes the SMS (it is listed from then on) but the connection drops before the answer.</param>
public sealed record StubAnswer(int Status, string Body = "", bool LoseAnswer = false)
{
    public static StubAnswer AcceptedButAnswerLost { get; } = new(0, LoseAnswer: true);
}

/// <summary>
/// A real HTTP server in the test process standing in for Twilio, OneSignal and Pusher Beams: it records each
/// request and answers as the provider documents a success (Twilio refuses <see cref="InvalidPhone"/>), unless
/// <see cref="Plan"/> said otherwise. Twilio's message list answers from the SMS it took (HttpStub.TwilioMessages.cs).
/// </summary>
public sealed partial class HttpStub : IAsyncDisposable
{
    /// <summary>Twilio's magic test number for "invalid number": the stub refuses it with error 21211.</summary>
    public const string InvalidPhone = "+15005550001";
    private const string InvalidPhoneEncoded = "%2B15005550001";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StubAnswer>> plans = new();

    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    /// <summary>
    /// The next requests whose body contains <paramref name="bodyMarker"/> (a notification id, an encoded phone
    /// number) get these answers in turn; once they are used up, such requests succeed again.
    /// </summary>
    public void Plan(string bodyMarker, params StubAnswer[] answers) =>
        plans[bodyMarker] = new ConcurrentQueue<StubAnswer>(answers);

    /// <summary>The requests whose body contains <paramref name="bodyMarker"/>.</summary>
    public IReadOnlyList<StubRequest> RequestsFor(string bodyMarker) =>
        Requests.Where(r => r.Body.Contains(bodyMarker, StringComparison.Ordinal)).ToList();

    private StubAnswer? PlannedAnswerFor(StubRequest request)
    {
        foreach (var (marker, answers) in plans)
        {
            if (request.Body.Contains(marker, StringComparison.Ordinal) && answers.TryDequeue(out var answer))
                return answer;
        }
        return null;
    }
    public Uri BaseUrl { get; }

    private HttpStub(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<HttpStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        HttpStub? stub = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var request = new StubRequest(context.Request.Method, context.Request.Path.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body)
            {
                Query = context.Request.QueryString.Value ?? "",
            };
            stub!.Requests.Enqueue(request);
            if (IsTwilioListing(request))
            {
                await stub.AnswerTwilioListingAsync(context);
                return;
            }
            if (stub.PlannedAnswerFor(request) is { } planned)
            {
                if (planned.LoseAnswer)
                {
                    stub.TakeTwilioSms(request);
                    context.Abort();
                    return;
                }
                context.Response.StatusCode = planned.Status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(planned.Body);
                return;
            }
            await stub.AnswerAsync(context, request);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new HttpStub(app, new Uri(address));
        return stub;
    }

    private Task AnswerAsync(HttpContext context, StubRequest request)
    {
        context.Response.ContentType = "application/json";
        if (request.Path.Contains("/Messages.json", StringComparison.Ordinal) && request.Body.Contains(InvalidPhoneEncoded, StringComparison.Ordinal))
        {
            // Twilio's answer for a number it cannot text, so a test can see the provider's reason come through.
            context.Response.StatusCode = 400;
            return context.Response.WriteAsync($$"""
                {"code":21211,"message":"The 'To' number {{InvalidPhone}} is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}
                """);
        }
        if (request.Path.Contains("/Messages.json", StringComparison.Ordinal))
        {
            var sid = TakeTwilioSms(request);
            context.Response.StatusCode = 201;
            return context.Response.WriteAsync($$"""
                {"sid":"{{sid}}","status":"queued","body":"","to":"","from":"","num_segments":"1","direction":"outbound-api","api_version":"2010-04-01"}
                """);
        }
        if (request.Path.Contains("/publishes", StringComparison.Ordinal))
            return context.Response.WriteAsync($$"""{"publishId":"pub-{{Guid.NewGuid():N}}"}""");
        return context.Response.WriteAsync($$"""{"id":"{{Guid.NewGuid()}}","errors":[]}""");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
