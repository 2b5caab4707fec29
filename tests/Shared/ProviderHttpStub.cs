using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Notifications.Tests.Shared;

/// <summary>A request as the stub saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string ContentType, string Body, IReadOnlyDictionary<string, string> Form, string Query = "");

/// <summary>
/// A real HTTP server on a free loopback port standing in for a provider: it records every request and
/// answers with whatever status and body the test set.
/// </summary>
public sealed class HttpStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Status { get; set; } = 200;

    public string ResponseBody { get; set; } = "{}";

    /// <summary>When set, answers each request instead of <see cref="Status"/> and <see cref="ResponseBody"/> (pages that differ).</summary>
    public Func<RecordedRequest, (int Status, string Body)>? Respond { get; set; }

    public Uri BaseUrl { get; }

    private HttpStub(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<HttpStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        HttpStub? stub = null;
        app.Run(async context =>
        {
            var request = context.Request;
            string body;
            using (var reader = new StreamReader(request.Body))
                body = await reader.ReadToEndAsync();
            var form = request.HasFormContentType
                ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body).ToDictionary(f => f.Key, f => f.Value.ToString())
                : new Dictionary<string, string>();
            var recorded = new RecordedRequest(
                request.Method,
                request.Path.Value ?? "",
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                request.ContentType ?? "",
                body,
                form,
                request.QueryString.Value ?? "");
            stub!.Requests.Enqueue(recorded);
            var (status, responseBody) = stub.Respond?.Invoke(recorded) ?? (stub.Status, stub.ResponseBody);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(responseBody);
        });
        await app.StartAsync();
        stub = new HttpStub(app, new Uri(app.Urls.First()));
        return stub;
    }

    public RecordedRequest Single() => Assert.Single(Requests);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
