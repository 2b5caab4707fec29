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

    private static ParticipantRecord Agent(string id, params string[] departments) =>
        new() { Id = id, Role = "agent", Name = id, Email = $"{id}@helpdesk.test", DepartmentIds = departments };

    private async Task<ParticipantRecord> StoredAsync(IDatabase db, string id) =>
        System.Text.Json.JsonSerializer.Deserialize<ParticipantRecord>((string)(await db.StringGetAsync(Keys.Participant(id)))!, ParticipantDirectory.Json)!;
}
