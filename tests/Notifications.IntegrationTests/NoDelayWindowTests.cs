using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>With every window at 0 (the pipeline fixture's setting) the router sends each command at once, as before windows existed.</summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class NoDelayWindowTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task WindowZero_TwoMessages_AreTwoEmails_AndNoWindowIsKept()
    {
        var first = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, LastAgentId = LastAgent }, first: false);
        var second = Message(User, ParticipantRoles.User, first.Conversation, first: false) with { ConversationId = first.ConversationId };

        await pipeline.Platform.Publish(first);
        await pipeline.Platform.Publish(second);

        await Eventually.TrueAsync(() => new[] { first, second }.All(message =>
            pipeline.Smtp.Messages.Any(m => m.To.Mailboxes.Any(to => to.Address == EmailOf(LastAgent)) && (m.TextBody ?? "").Contains(message.Text))),
            "one email per message");
        Assert.DoesNotContain(pipeline.Smtp.Messages, m => (m.TextBody ?? "").Contains(first.Text) && (m.TextBody ?? "").Contains(second.Text));
        Assert.False(await pipeline.Redis.GetDatabase().KeyExistsAsync($"{pipeline.KeyPrefix}window:{Channels.Email}:{LastAgent}:{first.ConversationId}"));
    }
}
