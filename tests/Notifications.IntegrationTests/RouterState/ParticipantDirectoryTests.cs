using Notifications.Router.Directory;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.RouterState;

/// <summary>
/// The router consumes its queue concurrently, so two updates of one participant can be stored at the same
/// moment. The department sets must always match the stored entry: a set left with a stale member notifies an
/// agent of a department they left, and a set missing one loses their notifications (A1).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ParticipantDirectoryTests : RouterRedisTest
{
    private static readonly string[] Departments = ["sales", "support", "billing", "returns", "vip"];

    [Fact]
    public async Task ConcurrentUpdatesOfOneAgent_LeaveTheDepartmentSetsMatchingTheStoredEntry()
    {
        var directory = new ParticipantDirectory(Redis, Keys);
        var db = Redis.GetDatabase();

        for (var round = 0; round < 20; round++)
        {
            // Every update moves the agent to other departments; they are stored concurrently, as the router does.
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => directory.UpsertAsync(Agent("agent-1", Departments[(round + i) % 5], Departments[(round + i + 1) % 5]))));

            var stored = await StoredAsync(db, "agent-1");
            var members = new List<string>();
            foreach (var department in Departments)
                if (await db.SetContainsAsync(Keys.DepartmentAgents(department), "agent-1"))
                    members.Add(department);
            Assert.Equal(stored.DepartmentIds.Order(), members.Order());
        }
    }

    [Fact]
    public async Task AgentBecomingAUser_LeavesTheAgentsAndDepartmentSets()
    {
        var directory = new ParticipantDirectory(Redis, Keys);
        var db = Redis.GetDatabase();

        await directory.UpsertAsync(Agent("p-1", "sales"));
        await directory.UpsertAsync(new ParticipantRecord { Id = "p-1", Role = "user", Name = "P" });

        Assert.False(await db.SetContainsAsync(Keys.Agents(), "p-1"));
        Assert.False(await db.SetContainsAsync(Keys.DepartmentAgents("sales"), "p-1"));
        Assert.Equal("user", (await StoredAsync(db, "p-1")).Role);
    }

    [Fact]
    public async Task ConcurrentRemoveAndUpdate_NeverLeaveAMemberWithoutAnEntry()
    {
        var directory = new ParticipantDirectory(Redis, Keys);
        var db = Redis.GetDatabase();

        for (var round = 0; round < 20; round++)
        {
            await directory.UpsertAsync(Agent("agent-2", "sales"));
            await Task.WhenAll(directory.RemoveAsync("agent-2"), directory.UpsertAsync(Agent("agent-2", "support")), directory.RemoveAsync("agent-2"));

            var entry = await db.StringGetAsync(Keys.Participant("agent-2"));
            var inSales = await db.SetContainsAsync(Keys.DepartmentAgents("sales"), "agent-2");
            var inSupport = await db.SetContainsAsync(Keys.DepartmentAgents("support"), "agent-2");
            var isAgent = await db.SetContainsAsync(Keys.Agents(), "agent-2");
            Assert.False(inSales, "still in a department it was moved out of");
            Assert.Equal(!entry.IsNullOrEmpty, inSupport);
            Assert.Equal(!entry.IsNullOrEmpty, isAgent);
        }
    }

    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-25T10:00:00+00:00");

    [Fact]
    public async Task OlderUpdate_ConsumedAfterANewerOne_IsIgnored()
    {
        var directory = new ParticipantDirectory(Redis, Keys);
        var db = Redis.GetDatabase();

        Assert.True(await directory.UpsertAsync(Agent("agent-3", "support"), Now));
        Assert.False(await directory.UpsertAsync(Agent("agent-3", "sales"), Now.AddSeconds(-1)));

        Assert.Equal(["support"], (await StoredAsync(db, "agent-3")).DepartmentIds);
        Assert.False(await db.SetContainsAsync(Keys.DepartmentAgents("sales"), "agent-3"));
        Assert.True(await directory.UpsertAsync(Agent("agent-3", "billing"), Now.AddSeconds(1)));
        Assert.Equal(["billing"], (await StoredAsync(db, "agent-3")).DepartmentIds);
    }

    [Fact]
    public async Task UpdateOlderThanARemoval_DoesNotBringTheParticipantBack_ButANewerOneDoes()
    {
        var directory = new ParticipantDirectory(Redis, Keys);
        var db = Redis.GetDatabase();
        await directory.UpsertAsync(Agent("agent-4", "sales"), Now);

        Assert.True(await directory.RemoveAsync("agent-4", Now.AddSeconds(2)));
        Assert.False(await directory.UpsertAsync(Agent("agent-4", "sales"), Now.AddSeconds(1)));

        Assert.True((await db.StringGetAsync(Keys.Participant("agent-4"))).IsNullOrEmpty);
        Assert.False(await db.SetContainsAsync(Keys.DepartmentAgents("sales"), "agent-4"));
        Assert.False(await db.SetContainsAsync(Keys.Agents(), "agent-4"));
        Assert.NotNull(await db.KeyTimeToLiveAsync(Keys.ParticipantAt("agent-4")));

        Assert.True(await directory.UpsertAsync(Agent("agent-4", "support"), Now.AddSeconds(3)));
        Assert.True(await db.SetContainsAsync(Keys.DepartmentAgents("support"), "agent-4"));
        Assert.Null(await db.KeyTimeToLiveAsync(Keys.ParticipantAt("agent-4")));
    }

    [Fact]
    public async Task EventsWithoutTime_AreAppliedAsTheyCome()
    {
        var directory = new ParticipantDirectory(Redis, Keys);
        var db = Redis.GetDatabase();

        Assert.True(await directory.UpsertAsync(Agent("agent-5", "sales"), Now));
        Assert.True(await directory.UpsertAsync(Agent("agent-5", "support")));
        Assert.True(await directory.UpsertAsync(Agent("agent-5", "billing"), Now.AddSeconds(-10)));

        Assert.Equal(["billing"], (await StoredAsync(db, "agent-5")).DepartmentIds);
        Assert.True(await directory.RemoveAsync("agent-5"));
        Assert.False(await db.KeyExistsAsync(Keys.ParticipantAt("agent-5")));
    }

    private static ParticipantRecord Agent(string id, params string[] departments) =>
        new() { Id = id, Role = "agent", Name = id, Email = $"{id}@helpdesk.test", DepartmentIds = departments };

    private async Task<ParticipantRecord> StoredAsync(IDatabase db, string id) =>
        System.Text.Json.JsonSerializer.Deserialize<ParticipantRecord>((string)(await db.StringGetAsync(Keys.Participant(id)))!, ParticipantDirectory.Json)!;
}
