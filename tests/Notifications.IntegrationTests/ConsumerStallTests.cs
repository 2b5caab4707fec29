using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.PushSender;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.IntegrationTests;

/// <summary>
/// The push sender on the real broker and Redis, its provider taking requests and never answering, while commands
/// wait in <c>send-push</c>: the stall shows on <c>/health/ready</c> (naming the queue) within the configured time,
/// then on <c>/health/live</c>, and both are healthy again once the consumer moves; with the in-process restart on,
/// restarting the endpoint alone gets it moving.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConsumerStallTests : IAsyncLifetime
{
    private const int ReadySeconds = 3;
    private const int LiveSeconds = 6;

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private HangingProvider provider = null!;
    private WebApplication? sender;
    private HttpClient health = null!;

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        provider = await HangingProvider.StartAsync();
        await infrastructure.StartPlatformBusAsync();
    }

    private async Task StartSenderAsync(bool restartEndpoint)
    {
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Push:Provider"] = "OneSignal",
            ["Push:OneSignal:AppId"] = PipelineFixture.OneSignalAppId,
            ["Push:OneSignal:ApiKey"] = "test-onesignal-key",
            ["Push:OneSignal:BaseUrl"] = provider.BaseUrl.ToString().TrimEnd('/'),
            ["Messaging:StallReadySeconds"] = ReadySeconds.ToString(),
            ["Messaging:StallLiveSeconds"] = (restartEndpoint ? 120 : LiveSeconds).ToString(),
            ["Messaging:StallCheckSeconds"] = "1",
            ["Messaging:StallRestartEndpoint"] = restartEndpoint.ToString(),
            // The restart's stop gives in-flight messages 80 % of this before cancelling them.
            ["Messaging:StopTimeoutSeconds"] = "2",
        };
        sender = await ServiceHost.StartAsync("Notifications.PushSender", PushSenderHost.Build, configuration);
        var address = sender.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        health = new HttpClient { BaseAddress = new Uri(address) };
    }

    [Fact]
    public async Task AConsumerHungOnItsProvider_WithCommandsWaiting_IsNotReadyNamingTheQueue_ThenNotLive_AndHealthyOnceItMoves()
    {
        await StartSenderAsync(restartEndpoint: false);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/health/ready")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/health/live")).Status);

        await SendPushesAsync(60);

        var notReady = await UntilAsync("/health/ready", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(ReadySeconds + 10));
        Assert.Matches(@"consumer-stalls: Unhealthy - Stalled: send-push: \d+ message\(s\) ready, none completed for \d+ s \(\d+ in flight\)", notReady);
        Assert.True(provider.Received > 0, "the provider saw no request: the consumer was not hung on it");
        var notLive = await UntilAsync("/health/live", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(LiveSeconds + 10));
        Assert.Contains("send-push", notLive);

        // Well before the provider client's own 30 s timeout would fault the hung calls.
        provider.Release();

        await UntilAsync("/health/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(15));
        await UntilAsync("/health/live", HttpStatusCode.OK, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task AStalledEndpoint_IsRestartedInTheProcess_AndItsHungMessagesAreRedeliveredAndSent()
    {
        await StartSenderAsync(restartEndpoint: true);
        await SendPushesAsync(60);

        await UntilAsync("/health/ready", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(ReadySeconds + 10));
        // The calls already waiting stay hung; only the restart's cancellation frees them.
        provider.AnswerNewRequests();

        // Well before the provider client's 30 s timeout would have freed them.
        await UntilAsync("/health/ready", HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        Assert.True(provider.Abandoned > 0, "no hung provider call was cancelled: the endpoint was not restarted");
    }

    private async Task SendPushesAsync(int count)
    {
        var commands = Enumerable.Range(0, count).Select(i => PushCommand($"stall-{run}-{i}"));
        await Task.WhenAll(commands.Select(command => infrastructure.Platform.SendToQueueAsync(QueueNames.SendPush, command)));
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await health.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="status"/>; returns that answer's body.</summary>
    private async Task<string> UntilAsync(string path, HttpStatusCode status, TimeSpan timeout)
    {
        var last = (Status: (HttpStatusCode)0, Body: "");
        try
        {
            await Eventually.TrueAsync(async () => (last = await GetAsync(path)).Status == status, $"{path} to answer {status}", timeout);
        }
        catch (TimeoutException failure)
        {
            throw new TimeoutException($"{failure.Message} Last answer: {last.Status} {last.Body}");
        }
        return last.Body;
    }

    private static SendPush PushCommand(string messageId) => new()
    {
        NotificationId = $"{messageId}:agent-pia:push",
        Rule = "A4",
        Recipient = new NotificationRecipient
        {
            Id = "agent-pia",
            Role = ParticipantRoles.Agent,
            Name = "Pia",
            PushDevices = [new PushDevice { DeviceId = "android-1", Platform = PushPlatforms.Android }],
        },
        Message = new NotifiedMessage
        {
            MessageId = messageId,
            ConversationId = "conv-" + messageId,
            Sender = new MessageSender { Id = "user-ada", Role = ParticipantRoles.User, Name = "Ada Lovelace" },
            Text = "Is my order on its way?",
            PostedAt = DateTimeOffset.UtcNow,
        },
    };

    public async Task DisposeAsync()
    {
        health?.Dispose();
        await infrastructure.DisposeAsync([sender], provider);
    }
}
