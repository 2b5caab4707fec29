using Notifications.SharedState.ProviderSettings;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Notifications.Contracts;
using Notifications.PushSender.Settings;
using Notifications.PushSender.Realtime;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.PushSender.Tests;

/// <summary>The Pusher Channels client against a local HTTP stub in Pusher's place.</summary>
public sealed class PusherChannelsClientTests : IAsyncLifetime
{
    private const string AppId = "1234567";
    private const string Key = "278d425bdf160c739803";
    private const string Secret = "7ad3773142a6692b25b8-not-real";

    private HttpStub _stub = null!;

    public async Task InitializeAsync() => _stub = await HttpStub.StartAsync();

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    private RealtimeOptions Options(string? adminBaseUrl = null) => new()
    {
        AdminBaseUrl = adminBaseUrl,
        Pusher = new PusherChannelsOptions { AppId = AppId, Key = Key, Secret = Secret, BaseUrl = _stub.BaseUrl.ToString() },
    };

    private PusherChannelsClient Client() => new(new HttpClient(), new FixedOptions<RealtimeOptions>(Options()));

    private static SendRealtimeNotification Command(string role = ParticipantRoles.Agent, string recipientId = "agent-7", string text = "Hello, is anyone there?") => new()
    {
        NotificationId = "m-1:agent-7:realtime",
        Rule = "A1",
        Recipient = new NotificationRecipient { Id = recipientId, Role = role, Name = "Ada" },
        Message = new NotifiedMessage
        {
            MessageId = "m-1",
            ConversationId = "c-1",
            Sender = new MessageSender { Id = "user-1", Role = "user", Name = "Grace" },
            Text = text,
            PostedAt = DateTimeOffset.Parse("2025-01-02T03:04:05Z", CultureInfo.InvariantCulture),
        },
    };

    [Fact]
    public async Task Trigger_PostsSignedEventToTheRecipientsPrivateChannel()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await Client().TriggerAsync(RealtimeEvent.From(Command(), "https://admin.example.test/"), CancellationToken.None);

        var request = _stub.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/apps/{AppId}/events", request.Path);
        Assert.StartsWith("application/json", request.ContentType);

        var query = QueryHelpers.ParseQuery(request.Query).ToDictionary(q => q.Key, q => q.Value.ToString());
        Assert.Equal(["auth_key", "auth_signature", "auth_timestamp", "auth_version", "body_md5"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Key, query["auth_key"]);
        Assert.Equal("1.0", query["auth_version"]);
        Assert.InRange(long.Parse(query["auth_timestamp"], CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(request.Body))), query["body_md5"]);

        // The signature as the Channels HTTP API documents it, computed here independently of the client.
        var toSign = $"POST\n/apps/{AppId}/events\nauth_key={Key}&auth_timestamp={query["auth_timestamp"]}&auth_version=1.0&body_md5={query["body_md5"]}";
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(toSign)));
        Assert.Equal(expected, query["auth_signature"]);

        using var json = JsonDocument.Parse(request.Body);
        var body = json.RootElement;
        Assert.Equal("notification", body.GetProperty("name").GetString());
        Assert.Equal(["private-user-agent-7"], body.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.String, body.GetProperty("data").ValueKind);
        using var dataJson = JsonDocument.Parse(body.GetProperty("data").GetString()!);
        var data = dataJson.RootElement;
        Assert.Equal("Grace", data.GetProperty("title").GetString());
        Assert.Equal("Hello, is anyone there?", data.GetProperty("body").GetString());
        Assert.Equal("c-1", data.GetProperty("conversationId").GetString());
        Assert.Equal("m-1", data.GetProperty("messageId").GetString());
        Assert.Equal("m-1:agent-7:realtime", data.GetProperty("notificationId").GetString());
        Assert.True(data.GetProperty("sound").GetBoolean());
        Assert.Equal("https://admin.example.test/conversations/c-1", data.GetProperty("link").GetString());
        Assert.DoesNotContain(Secret, request.Body + request.Query);
    }

    [Fact]
    public void Event_ForAUser_HasNoAdminLink_AndALongTextIsShortened()
    {
        var realtimeEvent = RealtimeEvent.From(Command(role: ParticipantRoles.User, text: new string('x', 500)), "https://admin.example.test");

        Assert.Null(realtimeEvent.Data.Link);
        Assert.Equal(RealtimeEvent.MaxBodyLength, realtimeEvent.Data.Body.Length);
        Assert.EndsWith("…", realtimeEvent.Data.Body);
    }

    [Fact]
    public void Event_ForARecipientIdThatCannotNameAChannel_FailsPermanently()
    {
        var failure = Assert.Throws<ProviderException>(() => RealtimeEvent.From(Command(recipientId: "agent 7/x"), null));

        Assert.True(failure.Permanent);
    }

    [Fact]
    public async Task Trigger_WhenTheSecretIsRefused_FailsPermanentlyNamingTheKeysNotTheSecret()
    {
        _stub.Status = 401;
        _stub.ResponseBody = "Invalid signature: you should have sent HmacSHA256Hex(...)";

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Client().TriggerAsync(RealtimeEvent.From(Command(), null), CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("Realtime:Pusher:Secret", failure.Message);
        Assert.DoesNotContain(Secret, failure.ToString());
    }

    [Fact]
    public async Task Trigger_WhenPusherThrottles_FailsTransiently()
    {
        _stub.Status = 429;

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Client().TriggerAsync(RealtimeEvent.From(Command(), null), CancellationToken.None));

        Assert.False(failure.Permanent);
    }

    [Fact]
    public async Task Dispatcher_WithoutAnApp_RecordsTheEventToTheFolder()
    {
        var directory = Path.Combine(Path.GetTempPath(), "realtime-" + Guid.NewGuid().ToString("N"));
        var options = new RealtimeOptions { RecordDirectory = directory };
        var current = new FixedOptions<RealtimeOptions>(options);
        var dispatcher = new RealtimeDispatcher(current, new PusherChannelsClient(new HttpClient(), current), new RealtimeRecordDirectory(Microsoft.Extensions.Options.Options.Create(options)));
        try
        {
            var provider = await dispatcher.SendAsync(Command(), CancellationToken.None);

            Assert.Equal(RealtimeRecordDirectory.ProviderName, provider);
            var file = Assert.Single(Directory.GetFiles(directory));
            Assert.Contains("private-user-agent-7", await File.ReadAllTextAsync(file));
            Assert.Empty(_stub.Requests);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("1234567", "key", null, "Realtime:Pusher:Secret")]
    [InlineData(null, null, null, "Realtime:Pusher:Cluster")]
    public void Validator_RefusesHalfCredentialsAndBadClusters(string? appId, string? key, string? secret, string expectedKey)
    {
        var options = new RealtimeOptions { Pusher = new PusherChannelsOptions { AppId = appId, Key = key, Secret = secret } };
        if (expectedKey == "Realtime:Pusher:Cluster")
            options.Pusher.Cluster = "not a host";

        var result = new RealtimeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expectedKey, result.FailureMessage);
    }

    [Fact]
    public void BaseUrl_DefaultsToTheClustersApiHost()
    {
        Assert.Equal("https://api-eu.pusher.com", new PusherChannelsOptions { Cluster = "eu" }.EffectiveBaseUrl);
        Assert.Equal("https://api-mt1.pusher.com", new PusherChannelsOptions().EffectiveBaseUrl);
    }
}
