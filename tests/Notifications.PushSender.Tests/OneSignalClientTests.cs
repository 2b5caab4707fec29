using Notifications.SharedState.ProviderSettings;
using Notifications.PushSender.Settings;
using System.Text.Json;
using Notifications.PushSender.Providers;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.PushSender.Tests;

public sealed class OneSignalClientTests : IAsyncLifetime
{
    private HttpStub _stub = null!;

    public async Task InitializeAsync()
    {
        _stub = await HttpStub.StartAsync();
        _stub.ResponseBody = """{"id": "b98881cc-1e94-4366-bbd9-db8f3429292b", "external_id": null}""";
    }

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    private OneSignalClient Client() =>
        new(new HttpClient(), new FixedOptions<PushOptions>(Builders.Options(oneSignal: _stub.BaseUrl)));

    private static PushNotification Notification(string notificationId = "m-1:agent-7:push", string text = "Hello, is anyone there?") =>
        PushNotification.From(Builders.Command(notificationId: notificationId, text: text));

    [Fact]
    public async Task Send_PostsNotificationWithKeyAuthorizationAndExternalIdTarget()
    {
        await Client().SendAsync(Notification(), CancellationToken.None);

        var request = _stub.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/notifications", request.Path);
        Assert.Equal("Key " + Builders.OneSignalApiKey, request.Headers["Authorization"]);
        Assert.StartsWith("application/json", request.ContentType);

        using var json = JsonDocument.Parse(request.Body);
        var body = json.RootElement;
        Assert.Equal(Builders.OneSignalAppId, body.GetProperty("app_id").GetString());
        Assert.Equal("agent-7", body.GetProperty("include_aliases").GetProperty("external_id")[0].GetString());
        Assert.Equal("push", body.GetProperty("target_channel").GetString());
        Assert.Equal("Grace", body.GetProperty("headings").GetProperty("en").GetString());
        Assert.Equal("Hello, is anyone there?", body.GetProperty("contents").GetProperty("en").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("idempotency_key").GetString(), out _));
        Assert.Equal("conversation-c-1", body.GetProperty("collapse_id").GetString());
        Assert.Equal("conversation-c-1", body.GetProperty("thread_id").GetString());
        Assert.Equal("conversation-c-1", body.GetProperty("android_group").GetString());
        var data = body.GetProperty("data");
        Assert.Equal("c-1", data.GetProperty("conversationId").GetString());
        Assert.Equal("m-1", data.GetProperty("messageId").GetString());
        Assert.Equal("m-1:agent-7:push", data.GetProperty("notificationId").GetString());
    }

    [Fact]
    public async Task Send_WithAnAdminBase_OpensTheConversationInTheConsole_ForAnAgent()
    {
        await Client().SendAsync(PushNotification.From(Builders.Command(), "https://admin.example.test", "https://chat.example.test"), CancellationToken.None);

        using var json = JsonDocument.Parse(_stub.Single().Body);
        Assert.Equal("https://admin.example.test/conversations/c-1", json.RootElement.GetProperty("url").GetString());
        Assert.Equal("https://admin.example.test/conversations/c-1", json.RootElement.GetProperty("data").GetProperty("link").GetString());
    }

    [Fact]
    public async Task Send_ToAUser_UsesTheUserBase_AndWithoutOneSendsNoUrl()
    {
        var user = Builders.Command() with { Recipient = Builders.Command().Recipient with { Role = "user" } };
        await Client().SendAsync(PushNotification.From(user, "https://admin.example.test", "helpdesk://app/"), CancellationToken.None);
        await Client().SendAsync(PushNotification.From(user, "https://admin.example.test", null), CancellationToken.None);

        var bodies = _stub.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal("helpdesk://app/conversations/c-1", bodies[0].GetProperty("url").GetString());
        Assert.False(bodies[1].TryGetProperty("url", out _));
    }

    [Fact]
    public async Task Send_SameNotificationIdTwice_SendsTheSameIdempotencyKey_AndAnotherIdAnotherKey()
    {
        await Client().SendAsync(Notification(), CancellationToken.None);
        await Client().SendAsync(Notification(), CancellationToken.None);
        await Client().SendAsync(Notification(notificationId: "m-2:agent-7:push"), CancellationToken.None);

        var keys = _stub.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("idempotency_key").GetString()).ToList();
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[0], keys[2]);
    }

    [Fact]
    public void IdempotencyKey_IsAVersion5Uuid()
    {
        var key = NameBasedUuid.Create(NameBasedUuid.NotificationNamespace, "m-1:agent-7:push").ToString();

        Assert.Equal('5', key[14]);
        Assert.Contains(key[19], "89ab");
    }

    [Fact]
    public void NameBasedUuid_MatchesTheRfcExample()
    {
        // RFC 9562 appendix A.4: "www.example.com" in the DNS namespace.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), NameBasedUuid.Create(dns, "www.example.com"));
    }

    [Fact]
    public async Task Send_LongMessage_IsShortenedTo180Characters()
    {
        await Client().SendAsync(Notification(text: new string('x', 500)), CancellationToken.None);

        var contents = JsonDocument.Parse(_stub.Single().Body).RootElement.GetProperty("contents").GetProperty("en").GetString()!;
        Assert.Equal(180, contents.Length);
        Assert.EndsWith("…", contents);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Send_WhenCredentialsAreRefused_FailsPermanentlyNamingTheKeysNotTheirValues(int status)
    {
        _stub.Status = status;
        _stub.ResponseBody = $$"""{"errors": ["Access denied. Key {{Builders.OneSignalApiKey}} is invalid"]}""";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Client().SendAsync(Notification(), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("Push:OneSignal:ApiKey", failure.Message);
        Assert.DoesNotContain(Builders.OneSignalApiKey, failure.ToString());
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Send_WhenRequestIsRefused_FailsPermanentlyWithTheProvidersTextTruncated(int status)
    {
        _stub.Status = status;
        _stub.ResponseBody = """{"errors": ["Message Notifications must have English language content"]}""" + new string(' ', 10) + new string('z', 1000);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Client().SendAsync(Notification(), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("must have English language content", failure.Message);
        Assert.True(failure.Message.Length < 420, failure.Message);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Send_WhenThrottledOrServerFails_FailsTransiently(int status)
    {
        _stub.Status = status;

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Client().SendAsync(Notification(), CancellationToken.None));

        Assert.False(failure.Permanent);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(503)]
    public async Task Send_WhenTheProvidersBodyQuotesAPhoneNumberOrAddress_TheReasonMasksThem(int status)
    {
        _stub.Status = status;
        _stub.ResponseBody = """{"errors": ["Invalid phone_number +14155550123 and email ada@example.com for this subscription"]}""";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Client().SendAsync(Notification(), CancellationToken.None));

        Assert.DoesNotContain("4155550123", failure.Message);
        Assert.DoesNotContain("ada@example.com", failure.Message);
        Assert.Contains("<phone>", failure.Message);
        Assert.Contains($"HTTP {status}", failure.Message);
    }

    [Fact]
    public async Task Send_WhenOneSignalAnswers200WithoutIdAndWithErrors_FailsPermanently()
    {
        _stub.ResponseBody = """{"id": "", "errors": {"invalid_aliases": {"external_id": ["agent-7"]}}}""";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Client().SendAsync(Notification(), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("invalid_aliases", failure.Message);
    }

    [Fact]
    public async Task Send_WhenOneSignalCannotBeReached_FailsTransiently()
    {
        var closed = _stub.BaseUrl;
        await _stub.DisposeAsync();
        _stub = await HttpStub.StartAsync();
        var client = new OneSignalClient(new HttpClient(), new FixedOptions<PushOptions>(Builders.Options(oneSignal: closed)));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => client.SendAsync(Notification(), CancellationToken.None));

        Assert.False(failure.Permanent);
    }
}
