using Notifications.SharedState.ProviderSettings;
using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Contracts;
using Notifications.PushSender.Providers;
using Notifications.PushSender.Settings;

namespace Notifications.PushSender.Tests;

internal static class Builders
{
    public const string OneSignalApiKey = "os_v2_app_secret-api-key-value";
    public const string BeamsSecretKey = "BEAMS-SECRET-KEY-VALUE";
    public const string OneSignalAppId = "8a1b2c3d-0000-4000-8000-1234567890ab";
    public const string BeamsInstanceId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    public static PushDevice Device(string platform, string id = "") => new() { DeviceId = id == "" ? platform + "-1" : id, Platform = platform };

    public static SendPush Command(IReadOnlyList<PushDevice>? devices = null, string text = "Hello, is anyone there?", string notificationId = "m-1:agent-7:push") => new()
    {
        NotificationId = notificationId,
        Rule = "A4",
        Recipient = new NotificationRecipient
        {
            Id = "agent-7",
            Role = "agent",
            Name = "Ada",
            PushDevices = devices ?? [Device(PushPlatforms.Android)],
        },
        Message = new NotifiedMessage
        {
            MessageId = "m-1",
            ConversationId = "c-1",
            Sender = new MessageSender { Id = "user-1", Role = "user", Name = "Grace" },
            Text = text,
            PostedAt = DateTimeOffset.Parse("2025-01-02T03:04:05Z"),
        },
    };

    public static PushOptions Options(Uri? oneSignal = null, Uri? beams = null, string? provider = null, string recordDirectory = "var/push-outbox") => new()
    {
        Provider = provider,
        RecordDirectory = recordDirectory,
        OneSignal = oneSignal is null ? new OneSignalOptions() : new OneSignalOptions { AppId = OneSignalAppId, ApiKey = OneSignalApiKey, BaseUrl = oneSignal.ToString() },
        PusherBeams = beams is null ? new PusherBeamsOptions() : new PusherBeamsOptions { InstanceId = BeamsInstanceId, SecretKey = BeamsSecretKey, BaseUrl = beams.ToString() },
    };

    public static PushDispatcher Dispatcher(PushOptions options)
    {
        var current = new FixedOptions<PushOptions>(options);
        return new PushDispatcher(
            current,
            new OneSignalClient(new HttpClient(), current),
            new PusherBeamsClient(new HttpClient(), current),
            new PushRecordDirectory(Microsoft.Extensions.Options.Options.Create(options)),
            NullLogger<PushDispatcher>.Instance);
    }
}
