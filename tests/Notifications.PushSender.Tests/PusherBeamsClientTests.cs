using Notifications.SharedState.ProviderSettings;
using Notifications.PushSender.Settings;
using System.Text.Json;
using Notifications.PushSender.Providers;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.PushSender.Tests;

public sealed class PusherBeamsClientTests : IAsyncLifetime
{
    private HttpStub _stub = null!;

    public async Task InitializeAsync()
    {
        _stub = await HttpStub.StartAsync();
        _stub.ResponseBody = """{"publishId": "pubid-33f3f68e-b0c5-438f-b50f-fae93f6c48df"}""";
    }

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    private PusherBeamsClient Client() =>
        new(new HttpClient(), new FixedOptions<PushOptions>(Builders.Options(beams: _stub.BaseUrl)));

    [Fact]
    public async Task Send_PublishesToTheRecipientUserWithBearerSecretAndWebAndFcmPayloads()
    {
        await Client().SendAsync(PushNotification.From(Builders.Command()), CancellationToken.None);

        var request = _stub.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/publish_api/v1/instances/{Builders.BeamsInstanceId}/publishes/users", request.Path);
        Assert.Equal("Bearer " + Builders.BeamsSecretKey, request.Headers["Authorization"]);
        Assert.StartsWith("application/json", request.ContentType);

        using var json = JsonDocument.Parse(request.Body);
        var body = json.RootElement;
        Assert.Equal(["agent-7"], body.GetProperty("users").EnumerateArray().Select(u => u.GetString()));
        var web = body.GetProperty("web").GetProperty("notification");
        Assert.Equal("Grace", web.GetProperty("title").GetString());
        Assert.Equal("Hello, is anyone there?", web.GetProperty("body").GetString());
        var fcm = body.GetProperty("fcm");
        Assert.Equal("Grace", fcm.GetProperty("notification").GetProperty("title").GetString());
        Assert.Equal("Hello, is anyone there?", fcm.GetProperty("notification").GetProperty("body").GetString());
        Assert.Equal("c-1", fcm.GetProperty("data").GetProperty("conversationId").GetString());
        Assert.Equal("m-1:agent-7:push", fcm.GetProperty("data").GetProperty("notificationId").GetString());
        Assert.False(body.TryGetProperty("apns", out _));
    }

    [Fact]
    public async Task Send_CarriesTheConversationLink_AndTagsTheFcmNotificationWithTheConversation()
    {
        await Client().SendAsync(PushNotification.From(Builders.Command(), adminBaseUrl: "https://admin.example.test/"), CancellationToken.None);

        using var json = JsonDocument.Parse(_stub.Single().Body);
        var body = json.RootElement;
        Assert.Equal("https://admin.example.test/conversations/c-1", body.GetProperty("web").GetProperty("notification").GetProperty("deep_link").GetString());
        Assert.Equal("https://admin.example.test/conversations/c-1", body.GetProperty("web").GetProperty("data").GetProperty("link").GetString());
        var fcm = body.GetProperty("fcm");
        Assert.Equal("https://admin.example.test/conversations/c-1", fcm.GetProperty("data").GetProperty("link").GetString());
        // Android replaces the conversation's earlier notification with the same tag.
        Assert.Equal("conversation-c-1", fcm.GetProperty("notification").GetProperty("tag").GetString());
    }

    [Fact]
    public async Task Send_WithoutALinkBase_SendsNoLink_ButStillTheTag()
    {
        await Client().SendAsync(PushNotification.From(Builders.Command()), CancellationToken.None);

        using var json = JsonDocument.Parse(_stub.Single().Body);
        var body = json.RootElement;
        Assert.False(body.GetProperty("web").GetProperty("notification").TryGetProperty("deep_link", out _));
        Assert.False(body.GetProperty("fcm").GetProperty("data").TryGetProperty("link", out _));
        Assert.Equal("conversation-c-1", body.GetProperty("fcm").GetProperty("notification").GetProperty("tag").GetString());
    }

    [Fact]
    public async Task Send_WhenSecretKeyIsRefused_FailsPermanentlyNamingTheKeyNotItsValue()
    {
        _stub.Status = 401;
        _stub.ResponseBody = """{"error": "Unauthorized", "description": "Incorrect API Key"}""";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Client().SendAsync(PushNotification.From(Builders.Command()), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("Push:PusherBeams:SecretKey", failure.Message);
        Assert.DoesNotContain(Builders.BeamsSecretKey, failure.ToString());
    }

    [Fact]
    public async Task Send_WhenBodyIsRejected_FailsPermanentlyWithBeamsDescription()
    {
        _stub.Status = 422;
        _stub.ResponseBody = """{"error": "Unprocessable Entity", "description": "User id too long"}""";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Client().SendAsync(PushNotification.From(Builders.Command()), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("User id too long", failure.Message);
    }

    [Fact]
    public async Task Send_WhenBeamsIsDown_FailsTransiently()
    {
        _stub.Status = 502;

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Client().SendAsync(PushNotification.From(Builders.Command()), CancellationToken.None));

        Assert.False(failure.Permanent);
    }
}
