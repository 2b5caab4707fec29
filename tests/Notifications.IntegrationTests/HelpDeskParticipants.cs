using MassTransit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>A help desk's agents and one user, each with an email address at helpdesk.test, published as the platform does.</summary>
public static class HelpDeskParticipants
{
    /// <summary>Publishes the participants and waits until the router has stored every one of them in the directory.</summary>
    public static async Task PublishAsync(IPublishEndpoint platform, IConnectionMultiplexer redis, string keyPrefix,
        (string Id, string Name) user, params (string Id, string Name)[] agents)
    {
        foreach (var (id, name) in agents)
            await platform.Publish(new ParticipantUpserted { ParticipantId = id, Role = ParticipantRoles.Agent, Name = name, Email = id + "@helpdesk.test" });
        await platform.Publish(new ParticipantUpserted { ParticipantId = user.Id, Role = ParticipantRoles.User, Name = user.Name, Email = user.Id + "@helpdesk.test" });

        var db = redis.GetDatabase();
        var ids = agents.Select(agent => agent.Id).Append(user.Id).ToArray();
        await Eventually.TrueAsync(async () =>
        {
            foreach (var id in ids)
                if (!await db.KeyExistsAsync(keyPrefix + "participant:" + id))
                    return false;
            return true;
        }, "participants to reach the directory");
    }
}
