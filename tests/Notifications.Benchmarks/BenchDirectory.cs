using MassTransit;
using Notifications.Contracts;
using StackExchange.Redis;

namespace Notifications.Benchmarks;

/// <summary>
/// A realistic help desk for the benchmarks: 50 agents in 5 departments (a quarter online) and 200 users,
/// and a deterministic mix of chat messages: 75 % user messages to their last agent (A4), 15 % agent
/// replies (U1/U2), 10 % first messages to a department of 10 agents (A1).
/// </summary>
public sealed class BenchDirectory
{
    public const int Agents = 50;
    public const int Departments = 5;
    public const int Users = 200;

    private readonly Random random = new(42);
    private long sequence;

    public static string AgentId(int i) => $"agent-{i:00}";

    public static string UserId(int i) => $"user-{i:000}";

    /// <summary>
    /// Publishes the directory and waits until the router has stored it. The upserts are idempotent, so they are
    /// published again every few seconds: an event published before the router's queue was bound to its exchange
    /// is dropped by the broker, and waiting for it alone would never end.
    /// </summary>
    public static async Task PublishAsync(IBus bus, IConnectionMultiplexer redis, string keyPrefix)
    {
        var db = redis.GetDatabase();
        var limit = TimeSpan.FromSeconds(120);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            await Task.WhenAll(Events().Select(e => bus.Publish(e)));
            var republishAt = DateTime.UtcNow.AddSeconds(5);
            while (DateTime.UtcNow < republishAt)
            {
                if (await db.KeyExistsAsync($"{keyPrefix}participant:{UserId(Users - 1)}")
                    && await db.KeyExistsAsync($"{keyPrefix}participant:{AgentId(Agents - 1)}"))
                    return;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"The router did not store the benchmark directory within {limit.TotalSeconds:0} s.");
                await Task.Delay(100);
            }
        }
    }

    private static IEnumerable<object> Events()
    {
        for (var i = 0; i < Agents; i++)
        {
            yield return new ParticipantUpserted
            {
                ParticipantId = AgentId(i),
                Role = ParticipantRoles.Agent,
                Name = $"Agent {i}",
                Email = $"agent{i}@helpdesk.bench",
                DepartmentIds = [$"dept-{i % Departments}"],
            };
            if (i % 4 == 0)
                yield return new PresenceChanged { ParticipantId = AgentId(i), Online = true, At = DateTimeOffset.UtcNow };
        }
        for (var i = 0; i < Users; i++)
        {
            yield return new ParticipantUpserted
            {
                ParticipantId = UserId(i),
                Role = ParticipantRoles.User,
                Name = $"User {i}",
                Email = $"user{i}@customer.bench",
            };
        }
    }

    /// <summary>The next message of the mix; the same seed gives the same sequence in every run.</summary>
    public MessagePosted NextMessage()
    {
        var n = Interlocked.Increment(ref sequence);
        var user = UserId(random.Next(Users));
        var agent = AgentId(random.Next(Agents));
        var roll = random.Next(100);
        var (sender, role, conversation, first) = roll switch
        {
            < 75 => (user, ParticipantRoles.User, new ConversationInfo { UserId = user, DepartmentId = $"dept-{random.Next(Departments)}", LastAgentId = agent }, false),
            < 90 => (agent, ParticipantRoles.Agent, new ConversationInfo { UserId = user, LastAgentId = agent }, false),
            _ => (user, ParticipantRoles.User, new ConversationInfo { UserId = user, DepartmentId = $"dept-{random.Next(Departments)}" }, true),
        };
        return new MessagePosted
        {
            MessageId = $"bench-{n}",
            ConversationId = $"conv-{user}",
            Sender = new MessageSender { Id = sender, Role = role, Name = sender },
            Text = "Hello, I have a question about my order number 12345. Could you please check the delivery date?",
            PostedAt = DateTimeOffset.UtcNow,
            IsFirstMessage = first,
            Conversation = conversation,
        };
    }
}
