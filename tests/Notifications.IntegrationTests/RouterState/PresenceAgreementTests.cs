using Notifications.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.Router.Routing;
using Notifications.SharedState.ChannelSwitches;
using Notifications.SharedState.Presence;

namespace Notifications.IntegrationTests.RouterState;

/// <summary>
/// The router's routing snapshot and the email sender's <see cref="PresenceReader"/> read the same presence keys
/// and must call the same participants online, heartbeat boundaries included.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PresenceAgreementTests : RouterRedisTest
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-25T10:00:00+00:00");

    public static TheoryData<string, bool?, long?, bool> States() => new()
    {
        // name, PresenceChanged online (null: none), device heartbeat expiry relative to now in ms (null: none), online
        { "nothing stored", null, null, false },
        { "PresenceChanged online", true, null, true },
        { "PresenceChanged offline", false, null, false },
        { "heartbeat in the future", null, 5_000, true },
        { "heartbeat expiring right now", null, 0, false },
        { "heartbeat expired", null, -1, false },
        { "offline event, live heartbeat", false, 1, true },
    };

    [Theory]
    [MemberData(nameof(States))]
    public async Task SnapshotAndPresenceReader_Agree(string state, bool? presenceChanged, long? heartbeatExpiresInMs, bool online)
    {
        var id = "p-" + Guid.NewGuid().ToString("N")[..8];
        var db = Redis.GetDatabase();
        if (presenceChanged is { } changed)
            await db.HashSetAsync(Keys.Presence(id), [new("online", changed ? "1" : "0"), new("at", Now.ToUnixTimeMilliseconds())]);
        if (heartbeatExpiresInMs is { } expiresIn)
            await db.SortedSetAddAsync(Keys.PresenceDevices(id), "tab-1", Now.ToUnixTimeMilliseconds() + expiresIn);
        await new ParticipantDirectory(Redis, Keys).UpsertAsync(new ParticipantRecord { Id = id, Role = ParticipantRoles.Agent, Name = "Agent" });
        var clock = new FixedClock(Now);

        var snapshot = await new RoutingSnapshotLoader(Redis, Keys, clock, Options.Create(new ChannelSwitchOptions()), Options.Create(new PresenceOptions()), AddressMarks).LoadAsync(MessageTo(id));
        var reader = await new PresenceReader(Redis, RedisKeys, clock, Options.Create(new PresenceOptions())).IsOnlineAsync(id);

        Assert.True(online == snapshot.Participants[id].Online, $"{state}: the routing snapshot says online={snapshot.Participants[id].Online}");
        Assert.True(online == reader, $"{state}: PresenceReader says online={reader}");
    }

    [Theory]
    [InlineData(0, true)]   // off (the default): an online event counts until an offline one
    [InlineData(15, true)]  // younger than the maximum age
    [InlineData(5, false)]  // older: an "offline" the platform may have lost
    public async Task OnlineEventTenMinutesOld_WithEventOnlineMaxAge_AgreeOnIt(int maxAgeMinutes, bool online)
    {
        var id = "p-" + Guid.NewGuid().ToString("N")[..8];
        await Redis.GetDatabase().HashSetAsync(Keys.Presence(id), [new("online", "1"), new("at", Now.AddMinutes(-10).ToUnixTimeMilliseconds())]);
        await new ParticipantDirectory(Redis, Keys).UpsertAsync(new ParticipantRecord { Id = id, Role = ParticipantRoles.Agent, Name = "Agent" });
        var (clock, presence) = (new FixedClock(Now), Options.Create(new PresenceOptions { EventOnlineMaxAgeMinutes = maxAgeMinutes }));

        var snapshot = await new RoutingSnapshotLoader(Redis, Keys, clock, Options.Create(new ChannelSwitchOptions()), presence, AddressMarks).LoadAsync(MessageTo(id));
        var reader = await new PresenceReader(Redis, RedisKeys, clock, presence).IsOnlineAsync(id);

        Assert.Equal(online, snapshot.Participants[id].Online);
        Assert.Equal(online, reader);
    }

    private static MessagePosted MessageTo(string agentId) => new()
    {
        MessageId = "m-" + agentId,
        ConversationId = "c-" + agentId,
        Sender = new MessageSender { Id = "u", Role = ParticipantRoles.User, Name = "U" },
        Text = "hello",
        PostedAt = Now,
        Conversation = new ConversationInfo { UserId = "u", AssignedAgentId = agentId },
    };
}
