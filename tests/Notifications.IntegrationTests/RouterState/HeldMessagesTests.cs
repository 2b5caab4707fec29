using Notifications.Contracts;
using Notifications.Router.Waits;

namespace Notifications.IntegrationTests.RouterState;

/// <summary>A message held for the bot (A6) is routed by exactly one of its two releasers, even when they race.</summary>
[Trait("Category", "Integration")]
public sealed class HeldMessagesTests : RouterRedisTest
{
    [Fact]
    public async Task BotOutcomeAndGraceWindowRacing_OnlyOneClaimsTheMessage()
    {
        var held = new HeldMessages(Redis, Keys);
        for (var i = 0; i < 50; i++)
        {
            var message = Message($"m-{i}");
            await held.HoldAsync(message);

            var claims = await Task.WhenAll(
                Task.Run(() => held.ClaimAsync(message.MessageId, HeldMessages.BotOutcome)),
                Task.Run(() => held.ClaimAsync(message.MessageId, HeldMessages.GraceElapsed)));

            Assert.Single(claims, c => c is not null);
        }
    }

    [Fact]
    public async Task OutcomeRecordedBeforeTheHold_NothingIsHeld_SoTheMessageIsDecidedAtOnce()
    {
        // ChatbotReplied consumed while its message was being decided: the outcome is in Redis before the hold.
        var held = new HeldMessages(Redis, Keys);
        await Redis.GetDatabase().StringSetAsync(Keys.BotOutcome("early"), "resolved");

        Assert.False(await held.HoldAsync(Message("early")));
        Assert.False(await Redis.GetDatabase().KeyExistsAsync(Keys.HeldMessage("early")));
        Assert.True(await held.HoldAsync(Message("no-outcome-yet")));
    }

    [Fact]
    public async Task TheClaimerItself_ClaimsAgain_SoARedeliveryFinishesTheJob()
    {
        var held = new HeldMessages(Redis, Keys);
        await held.HoldAsync(Message("m"));

        Assert.NotNull(await held.ClaimAsync("m", HeldMessages.GraceElapsed));
        Assert.Null(await held.ClaimAsync("m", HeldMessages.BotOutcome));
        Assert.Equal("m", (await held.ClaimAsync("m", HeldMessages.GraceElapsed))?.MessageId);
    }

    [Fact]
    public async Task AReleasedMessage_IsClaimedByNobody()
    {
        var held = new HeldMessages(Redis, Keys);
        await held.HoldAsync(Message("m"));
        await held.ClaimAsync("m", HeldMessages.BotOutcome);

        await held.ReleaseAsync("m");

        Assert.Null(await held.ClaimAsync("m", HeldMessages.BotOutcome));
        Assert.Null(await held.ClaimAsync("m", HeldMessages.GraceElapsed));
        // The grace note carries the message, but a routed one is not routed again.
        Assert.Null(await held.ClaimAsync("m", HeldMessages.GraceElapsed, ownCopy: Message("m")));
        Assert.False(await Redis.GetDatabase().KeyExistsAsync(Keys.HeldMessage("m")));
    }

    [Fact]
    public async Task AHeldCopyRedisLost_IsRoutedFromTheGraceNote_OnceOnly()
    {
        var held = new HeldMessages(Redis, Keys);
        await held.HoldAsync(Message("m"));
        await Redis.GetDatabase().KeyDeleteAsync(Keys.HeldMessage("m"));
        var note = Message("m");

        Assert.Null(await held.ClaimAsync("m", HeldMessages.BotOutcome));
        Assert.Same(note, await held.ClaimAsync("m", HeldMessages.GraceElapsed, ownCopy: note));
        Assert.Null(await held.ClaimAsync("m", HeldMessages.BotOutcome));
        // A redelivered note whose first attempt died mid-route finishes the job.
        Assert.Same(note, await held.ClaimAsync("m", HeldMessages.GraceElapsed, ownCopy: note));

        await held.ReleaseAsync("m");
        Assert.Null(await held.ClaimAsync("m", HeldMessages.GraceElapsed, ownCopy: note));
    }

    private static MessagePosted Message(string id) => new()
    {
        MessageId = id,
        ConversationId = "c",
        Sender = new MessageSender { Id = "u", Role = ParticipantRoles.User, Name = "U" },
        Text = "hello",
        PostedAt = DateTimeOffset.UtcNow,
        IsFirstMessage = true,
        Conversation = new ConversationInfo { UserId = "u", DepartmentId = "d", HumanTakeover = true },
    };
}
