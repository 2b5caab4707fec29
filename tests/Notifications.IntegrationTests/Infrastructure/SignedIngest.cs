using System.Text;
using Notifications.Signing;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>Posts to the HTTP ingest as a platform does: the bare event, signed with the ingest's key.</summary>
public sealed class SignedIngest(Uri gateway, string signingKey) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = gateway };

    public Task<HttpResponseMessage> PostAsync(string eventName, string json, DateTimeOffset? signedAt = null, string? signature = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/events/{eventName}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(RequestSignature.TimestampHeader, timestamp);
        request.Headers.Add(RequestSignature.SignatureHeader, signature ?? RequestSignature.Sign(signingKey, timestamp, body));
        return http.SendAsync(request);
    }

    public void Dispose() => http.Dispose();
}
