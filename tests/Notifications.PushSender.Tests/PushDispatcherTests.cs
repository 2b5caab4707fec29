using System.Text.Json;
using Notifications.Contracts;
using Notifications.PushSender.Providers;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.PushSender.Tests;

/// <summary>Provider selection and the iOS rule, with both providers as real HTTP stubs.</summary>
public sealed class PushDispatcherTests : IAsyncLifetime
{
    private HttpStub _oneSignal = null!;
    private HttpStub _beams = null!;
    private readonly string _records = Path.Combine(Path.GetTempPath(), "push-outbox-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _oneSignal = await HttpStub.StartAsync();
        _oneSignal.ResponseBody = """{"id": "b98881cc-1e94-4366-bbd9-db8f3429292b"}""";
        _beams = await HttpStub.StartAsync();
        _beams.ResponseBody = """{"publishId": "pubid-1"}""";
    }

    public async Task DisposeAsync()
    {
        await _oneSignal.DisposeAsync();
        await _beams.DisposeAsync();
        if (Directory.Exists(_records))
            Directory.Delete(_records, recursive: true);
    }

    private static IReadOnlyList<PushDevice> Devices(params string[] platforms) =>
        platforms.Select((platform, i) => Builders.Device(platform, $"{platform}-{i}")).ToList();

    [Fact]
    public async Task PushAdminBaseUrl_IsTheBaseOfTheLinkTheProviderReceives()
    {
        var options = Builders.Options(oneSignal: _oneSignal.BaseUrl);
        options.AdminBaseUrl = "https://admin.example.test/";

        await Builders.Dispatcher(options).SendAsync(Builders.Command(), CancellationToken.None);

        using var json = JsonDocument.Parse(_oneSignal.Single().Body);
        Assert.Equal("https://admin.example.test/conversations/c-1", json.RootElement.GetProperty("url").GetString());
    }

    [Fact]
    public async Task RecipientWithoutDevices_FailsPermanently()
    {
        var dispatcher = Builders.Dispatcher(Builders.Options(oneSignal: _oneSignal.BaseUrl));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => dispatcher.SendAsync(Builders.Command(devices: []), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Equal("recipient has no registered push devices", failure.Message);
        Assert.Empty(_oneSignal.Requests);
    }

    [Fact]
    public async Task BothConfigured_NoProviderNamed_DefaultsToOneSignalForEveryDevice()
    {
        var dispatcher = Builders.Dispatcher(Builders.Options(oneSignal: _oneSignal.BaseUrl, beams: _beams.BaseUrl));

        var provider = await dispatcher.SendAsync(Builders.Command(devices: Devices(PushPlatforms.Android, PushPlatforms.Ios, PushPlatforms.Web)), CancellationToken.None);

        Assert.Equal("onesignal", provider);
        Assert.Single(_oneSignal.Requests);
        Assert.Empty(_beams.Requests);
    }

    [Fact]
    public async Task OnlyBeamsConfigured_AndroidDevice_GoesThroughBeams()
    {
        var dispatcher = Builders.Dispatcher(Builders.Options(beams: _beams.BaseUrl));

        var provider = await dispatcher.SendAsync(Builders.Command(devices: Devices(PushPlatforms.Android)), CancellationToken.None);

        Assert.Equal("pusher-beams", provider);
        Assert.Single(_beams.Requests);
    }

    [Fact]
    public async Task OnlyBeamsConfigured_IosOnlyRecipient_FailsPermanentlyAskingForOneSignal()
    {
        var dispatcher = Builders.Dispatcher(Builders.Options(beams: _beams.BaseUrl));

        var failure = await Assert.ThrowsAsync<ProviderException>(() =>
            dispatcher.SendAsync(Builders.Command(devices: Devices(PushPlatforms.Ios, PushPlatforms.Ios)), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Equal("iOS devices need OneSignal (Push:OneSignal:*); only Pusher Beams is configured", failure.Message);
        Assert.Empty(_beams.Requests);
    }

    [Fact]
    public async Task OnlyBeamsConfigured_MixedDevices_SendsTheAndroidAndWebOnesThroughBeams()
    {
        var dispatcher = Builders.Dispatcher(Builders.Options(beams: _beams.BaseUrl));

        var provider = await dispatcher.SendAsync(Builders.Command(devices: Devices(PushPlatforms.Ios, PushPlatforms.Web)), CancellationToken.None);

        Assert.Equal("pusher-beams", provider);
        Assert.Single(_beams.Requests);
    }

    [Fact]
    public async Task BeamsChosen_MixedDevices_SendsIosThroughOneSignalAndTheRestThroughBeams()
    {
        var dispatcher = Builders.Dispatcher(Builders.Options(oneSignal: _oneSignal.BaseUrl, beams: _beams.BaseUrl, provider: "PusherBeams"));

        var provider = await dispatcher.SendAsync(Builders.Command(devices: Devices(PushPlatforms.Ios, PushPlatforms.Android)), CancellationToken.None);

        Assert.Equal("onesignal+pusher-beams", provider);
        Assert.Single(_oneSignal.Requests);
        Assert.Single(_beams.Requests);
    }

    [Fact]
    public async Task BeamsChosen_AndroidOnly_DoesNotCallOneSignal()
    {
        var dispatcher = Builders.Dispatcher(Builders.Options(oneSignal: _oneSignal.BaseUrl, beams: _beams.BaseUrl, provider: "PusherBeams"));

        var provider = await dispatcher.SendAsync(Builders.Command(devices: Devices(PushPlatforms.Android)), CancellationToken.None);

        Assert.Equal("pusher-beams", provider);
        Assert.Empty(_oneSignal.Requests);
    }

    [Fact]
    public async Task BeamsChosen_IosOnly_GoesThroughOneSignal()
    {
        var dispatcher = Builders.Dispatcher(Builders.Options(oneSignal: _oneSignal.BaseUrl, beams: _beams.BaseUrl, provider: "pusherbeams"));

        var provider = await dispatcher.SendAsync(Builders.Command(devices: Devices("iOS")), CancellationToken.None);

        Assert.Equal("onesignal", provider);
        Assert.Empty(_beams.Requests);
    }

    [Fact]
    public async Task NoProviderConfigured_RecordsAParseableFileNamedAfterTheNotification()
    {
        var dispatcher = Builders.Dispatcher(Builders.Options(recordDirectory: _records));

        var provider = await dispatcher.SendAsync(Builders.Command(devices: Devices(PushPlatforms.Ios)), CancellationToken.None);

        Assert.Equal("push-record-directory", provider);
        var file = Assert.Single(Directory.GetFiles(_records));
        Assert.Equal("m-1_agent-7_push.json", Path.GetFileName(file));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal("m-1:agent-7:push", json.RootElement.GetProperty("notificationId").GetString());
        Assert.Equal("agent-7", json.RootElement.GetProperty("recipientId").GetString());
        Assert.Equal("Grace", json.RootElement.GetProperty("title").GetString());
        Assert.Equal("ios", json.RootElement.GetProperty("devices")[0].GetProperty("platform").GetString());
    }
}

/// <summary>A push whose sender has no name still has a title (providers refuse an empty one), bounded in length.</summary>
public class PushTitleTests
{
    [Fact]
    public void ASenderWithoutName_GivesTheRoleAsTitle()
    {
        var command = Builders.Command();
        command = command with { Message = command.Message with { Sender = command.Message.Sender with { Name = null! } } };

        Assert.Equal("Customer", Notifications.PushSender.Providers.PushNotification.From(command).Title);
    }

    [Fact]
    public void AnOverlongSenderName_IsShortenedToTheTitleLimit()
    {
        var command = Builders.Command();
        command = command with { Message = command.Message with { Sender = command.Message.Sender with { Name = new string('n', 5000) } } };

        Assert.True(Notifications.PushSender.Providers.PushNotification.From(command).Title.Length <= Notifications.Delivery.DisplayNames.MaxSenderNameLength);
    }
}
