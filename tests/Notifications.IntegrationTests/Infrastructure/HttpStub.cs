using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>One request a provider stub received.</summary>
public sealed record StubRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A real HTTP server in the test process standing in for Twilio, OneSignal and Pusher Beams: it records each
/// request and answers as the provider documents a success (Twilio refuses <see cref="InvalidPhone"/>).
/// </summary>
public sealed class HttpStub : IAsyncDisposable
{
    /// <summary>Twilio's magic test number for "invalid number": the stub refuses it with error 21211.</summary>
    public const string InvalidPhone = "+15005550001";
    private const string InvalidPhoneEncoded = "%2B15005550001";

    private readonly WebApplication app;

    public ConcurrentQueue<StubRequest> Requests { get; } = new();
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
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body);
            stub!.Requests.Enqueue(request);
            await AnswerAsync(context, request);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new HttpStub(app, new Uri(address));
        return stub;
    }

    private static Task AnswerAsync(HttpContext context, StubRequest request)
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
            context.Response.StatusCode = 201;
            return context.Response.WriteAsync($$"""
                {"sid":"SM{{Guid.NewGuid():N}}","status":"queued","body":"","to":"","from":"","num_segments":"1","direction":"outbound-api","api_version":"2010-04-01"}
                """);
        }
        if (request.Path.Contains("/publishes", StringComparison.Ordinal))
            return context.Response.WriteAsync($$"""{"publishId":"pub-{{Guid.NewGuid():N}}"}""");
        return context.Response.WriteAsync($$"""{"id":"{{Guid.NewGuid()}}","errors":[]}""");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
