using Notifications.SharedState.Presence;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.Router.Routing;
using Notifications.SharedState.ChannelSwitches;
using Microsoft.Extensions.Options;
using StackExchange.Redis.Profiling;

namespace Notifications.IntegrationTests.RouterState;

/// <summary>
/// The directory and presence of every candidate, and the channels switched at run time, cost one Redis command,
/// however large the department.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SnapshotRoundTripTests : RouterRedisTest
{
    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    public async Task Snapshot_IsOneRedisCommand_ForADepartmentOfAnySize(int agents)
    {
        var directory = new ParticipantDirectory(Redis, Keys);
        for (var i = 0; i < agents; i++)
            await directory.UpsertAsync(new ParticipantRecord { Id = $"agent-{i}", Role = ParticipantRoles.Agent, Name = $"Agent {i}", DepartmentIds = ["d"] });
        await directory.UpsertAsync(new ParticipantRecord { Id = "u", Role = ParticipantRoles.User, Name = "U" });
        // SMS switched off at run time, push off in configuration, realtime on at run time over its configured off.
        await new ChannelSwitchStore(Redis, RedisKeys, Options.Create(new ChannelSwitchOptions()))
            .SetAsync(new Dictionary<string, bool?> { ["sms"] = false, ["realtime"] = true });
        var configured = new ChannelSwitchOptions { Push = new() { Enabled = false }, Realtime = new() { Enabled = false } };
        var loader = new RoutingSnapshotLoader(Redis, Keys, TimeProvider.System, Options.Create(configured), Options.Create(new PresenceOptions()), AddressMarks);
        var message = new MessagePosted
        {
            MessageId = "m",
            ConversationId = "c",
            Sender = new MessageSender { Id = "u", Role = ParticipantRoles.User, Name = "U" },
            Text = "hello",
            PostedAt = DateTimeOffset.UtcNow,
            IsFirstMessage = true,
            Conversation = new ConversationInfo { UserId = "u", DepartmentId = "d" },
        };

        var session = new ProfilingSession();
        Redis.RegisterProfiler(() => session);
        var snapshot = await loader.LoadAsync(message);
        var commands = session.FinishProfiling().ToList();

        Assert.Equal(agents, snapshot.DepartmentAgentIds.Count);
        Assert.Equal(agents + 1, snapshot.Participants.Count);
        Assert.Equal(["push", "sms"], snapshot.DisabledChannels.Order());
        Assert.Single(commands);
    }
}
