using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Notifications.SharedState.ProviderSettings;
using Notifications.PushSender.Settings;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.PushSender.Providers;

/// <summary>
/// OneSignal's create-notification API (<c>POST /notifications</c>), targeting the recipient by External ID,
/// so every device the recipient registered with OneSignal (iOS included) gets it.
/// </summary>
public sealed class OneSignalClient(HttpClient http, IRuntimeOptions<PushOptions> options)
{
    public const string ProviderName = "onesignal";
    private const string CredentialKeys = "Push:OneSignal:AppId and Push:OneSignal:ApiKey";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task SendAsync(PushNotification notification, CancellationToken cancellationToken)
    {
        // Read per request: credentials entered in the console apply from the next notification on.
        var settings = (await options.CurrentAsync()).OneSignal;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.BaseUrl.TrimEnd('/') + "/notifications")
        {
            Content = JsonContent.Create(BodyOf(notification, settings.AppId!), options: Json),
        };
        // The current API keys use the "Key" scheme (the legacy "Basic" scheme is for old keys only).
        request.Headers.Authorization = new AuthenticationHeaderValue("Key", settings.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception failure) when (failure is HttpRequestException || (failure is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw ProviderHttpFailures.FromTransportFailure(failure, "OneSignal");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw await ProviderHttpFailures.FromResponseAsync(response, "OneSignal", CredentialKeys, settings.ApiKey, cancellationToken);
            await EnsureSomethingWasSentAsync(response, settings.ApiKey, cancellationToken);
        }
    }

    public static OneSignalNotificationRequest BodyOf(PushNotification notification, string appId)
    {
        var groupKey = notification.GroupKey;
        return new OneSignalNotificationRequest
        {
            AppId = appId,
            IncludeAliases = new Dictionary<string, string[]> { ["external_id"] = [notification.RecipientId] },
            TargetChannel = "push",
            Headings = new Dictionary<string, string> { ["en"] = notification.Title },
            Contents = new Dictionary<string, string> { ["en"] = notification.Body },
            // A redelivered command (or a retry after a lost response) reuses the key, and OneSignal sends once.
            IdempotencyKey = NameBasedUuid.Create(NameBasedUuid.NotificationNamespace, notification.NotificationId).ToString(),
            // One visible notification per conversation: a newer message replaces or groups with the older one.
            CollapseId = groupKey,
            ThreadId = groupKey,
            AndroidGroup = groupKey,
            // Opens the conversation on every platform (web and the apps) when tapped.
            Url = notification.Link,
            Data = notification.Data,
        };
    }

    /// <summary>The conversation id when it fits OneSignal's <c>collapse_id</c> limit, otherwise a stable hash of it.</summary>
    public static string GroupKeyOf(string conversationId) => PushNotification.GroupKeyOf(conversationId);

    /// <summary>OneSignal answers 200 with an empty id when nobody could be targeted (no subscribed device).</summary>
    private static async Task EnsureSomethingWasSentAsync(HttpResponseMessage response, string? apiKey, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                ? idElement.GetString()
                : null;
            if (string.IsNullOrEmpty(id) && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors))
                throw new ProviderException(
                    $"OneSignal sent nothing: the recipient has no subscribed device in OneSignal ({ProviderHttpFailures.Clip(errors.GetRawText(), apiKey)})",
                    permanent: true);
        }
        catch (JsonException)
        {
            // A 2xx is an acceptance whatever its body says: do not fail (and resend) a delivered notification.
        }
    }
}

/// <summary>The JSON body of OneSignal's create-notification request.</summary>
public sealed record OneSignalNotificationRequest
{
    [JsonPropertyName("app_id")] public required string AppId { get; init; }
    [JsonPropertyName("include_aliases")] public required IReadOnlyDictionary<string, string[]> IncludeAliases { get; init; }
    [JsonPropertyName("target_channel")] public required string TargetChannel { get; init; }
    [JsonPropertyName("headings")] public required IReadOnlyDictionary<string, string> Headings { get; init; }
    [JsonPropertyName("contents")] public required IReadOnlyDictionary<string, string> Contents { get; init; }
    [JsonPropertyName("idempotency_key")] public required string IdempotencyKey { get; init; }
    [JsonPropertyName("collapse_id")] public string? CollapseId { get; init; }
    [JsonPropertyName("thread_id")] public string? ThreadId { get; init; }
    [JsonPropertyName("android_group")] public string? AndroidGroup { get; init; }
    [JsonPropertyName("url")] public string? Url { get; init; }
    [JsonPropertyName("data")] public IReadOnlyDictionary<string, string>? Data { get; init; }
}
