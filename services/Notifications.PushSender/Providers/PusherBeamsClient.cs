using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Notifications.SharedState.ProviderSettings;
using Notifications.PushSender.Settings;

namespace Notifications.PushSender.Providers;

/// <summary>
/// Pusher Beams' publish-to-users API. It carries web and FCM (Android) payloads only: iOS devices are
/// served by OneSignal, so no APNs payload is sent here.
/// </summary>
public sealed class PusherBeamsClient(HttpClient http, IRuntimeOptions<PushOptions> options)
{
    public const string ProviderName = "pusher-beams";
    private const string CredentialKeys = "Push:PusherBeams:InstanceId and Push:PusherBeams:SecretKey";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task SendAsync(PushNotification notification, CancellationToken cancellationToken)
    {
        // Read per request: credentials entered in the console apply from the next notification on.
        var settings = (await options.CurrentAsync()).PusherBeams;
        var url = $"{settings.EffectiveBaseUrl.TrimEnd('/')}/publish_api/v1/instances/{Uri.EscapeDataString(settings.InstanceId!)}/publishes/users";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(BodyOf(notification), options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.SecretKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception failure) when (failure is HttpRequestException || (failure is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw ProviderHttpFailures.FromTransportFailure(failure, "Pusher Beams");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw await ProviderHttpFailures.FromResponseAsync(response, "Pusher Beams", CredentialKeys, settings.SecretKey, cancellationToken);
        }
    }

    public static BeamsPublishRequest BodyOf(PushNotification notification) => new()
    {
        Users = [notification.RecipientId],
        Web = new BeamsWeb
        {
            Notification = new BeamsWebNotification { Title = notification.Title, Body = notification.Body, DeepLink = notification.Link },
            Data = notification.Data,
        },
        Fcm = new BeamsFcm
        {
            // The tag makes Android replace the conversation's earlier notification: a burst shows as one.
            // The link travels in data ("link"): FCM's notification has no URL field the app could open.
            Notification = new BeamsFcmNotification { Title = notification.Title, Body = notification.Body, Tag = notification.GroupKey },
            Data = notification.Data,
        },
    };
}

/// <summary>The JSON body of Beams' publish-to-users request.</summary>
public sealed record BeamsPublishRequest
{
    [JsonPropertyName("users")] public required IReadOnlyList<string> Users { get; init; }
    [JsonPropertyName("web")] public BeamsWeb? Web { get; init; }
    [JsonPropertyName("fcm")] public BeamsFcm? Fcm { get; init; }
}

/// <summary>Beams' <c>web</c> payload.</summary>
public sealed record BeamsWeb
{
    [JsonPropertyName("notification")] public required BeamsWebNotification Notification { get; init; }
    [JsonPropertyName("data")] public IReadOnlyDictionary<string, string>? Data { get; init; }
}

/// <summary>Beams' <c>web.notification</c>.</summary>
public sealed record BeamsWebNotification
{
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("body")] public required string Body { get; init; }
    [JsonPropertyName("deep_link")] public string? DeepLink { get; init; }
}

/// <summary>Beams' <c>fcm</c> payload (an FCM message).</summary>
public sealed record BeamsFcm
{
    [JsonPropertyName("notification")] public required BeamsFcmNotification Notification { get; init; }
    [JsonPropertyName("data")] public IReadOnlyDictionary<string, string>? Data { get; init; }
}

/// <summary>Beams' <c>fcm.notification</c>.</summary>
public sealed record BeamsFcmNotification
{
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("body")] public required string Body { get; init; }
    [JsonPropertyName("tag")] public string? Tag { get; init; }
}
