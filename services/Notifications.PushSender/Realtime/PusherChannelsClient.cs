using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Notifications.SharedState.ProviderSettings;
using Notifications.PushSender.Providers;
using Notifications.PushSender.Settings;

namespace Notifications.PushSender.Realtime;

/// <summary>
/// Triggers events through the Pusher Channels HTTP API (<c>POST /apps/{app_id}/events</c>). Requests are signed
/// as the API documents: the query carries <c>auth_key</c>, <c>auth_timestamp</c>, <c>auth_version=1.0</c> and
/// <c>body_md5</c>, and <c>auth_signature</c> is the hex HMAC-SHA256, keyed with the app secret, of
/// <c>POST\n/apps/{app_id}/events\n{query sorted by key}</c>.
/// </summary>
public sealed class PusherChannelsClient(HttpClient http, IRuntimeOptions<RealtimeOptions> options)
{
    public const string ProviderName = "pusher-channels";
    public const string AuthVersion = "1.0";
    private const string CredentialKeys = "Realtime:Pusher:AppId, Realtime:Pusher:Key and Realtime:Pusher:Secret";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task TriggerAsync(RealtimeEvent realtimeEvent, CancellationToken cancellationToken)
    {
        // Read per request: credentials entered in the console apply from the next notification on.
        var settings = (await options.CurrentAsync()).Pusher;
        var body = BodyOf(realtimeEvent);
        var path = $"/apps/{Uri.EscapeDataString(settings.AppId!)}/events";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var query = SignedQuery("POST", path, body, settings.Key!, settings.Secret!, timestamp);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.EffectiveBaseUrl.TrimEnd('/')}{path}?{query}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception failure) when (failure is HttpRequestException || (failure is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw ProviderHttpFailures.FromTransportFailure(failure, "Pusher Channels");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw await ProviderHttpFailures.FromResponseAsync(response, "Pusher Channels", CredentialKeys, settings.Secret, cancellationToken);
        }
    }

    /// <summary>The trigger body: the event's data travels as a JSON string, as the API requires.</summary>
    public static string BodyOf(RealtimeEvent realtimeEvent) => JsonSerializer.Serialize(new PusherTriggerRequest
    {
        Name = realtimeEvent.Name,
        Channels = [realtimeEvent.Channel],
        Data = JsonSerializer.Serialize(realtimeEvent.Data, Json),
    }, Json);

    /// <summary>The complete query string of a signed request, <c>auth_signature</c> last.</summary>
    public static string SignedQuery(string method, string path, string body, string key, string secret, string timestamp)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["auth_key"] = key,
            ["auth_timestamp"] = timestamp,
            ["auth_version"] = AuthVersion,
            ["body_md5"] = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body))),
        };
        var sorted = string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        return $"{sorted}&auth_signature={Sign(method, path, sorted, secret)}";
    }

    public static string Sign(string method, string path, string sortedQuery, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes($"{method}\n{path}\n{sortedQuery}")));
}

/// <summary>The JSON body of the trigger-events request.</summary>
public sealed record PusherTriggerRequest
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("channels")] public required IReadOnlyList<string> Channels { get; init; }
    [JsonPropertyName("data")] public required string Data { get; init; }
}
