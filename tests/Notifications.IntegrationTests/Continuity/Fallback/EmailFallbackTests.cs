using Notifications.Contracts;
using static Notifications.IntegrationTests.Continuity.Fallback.FallbackScenario;

namespace Notifications.IntegrationTests.Continuity.Fallback;

/// <summary>
/// <c>Sms:Mode=Fallback</c> through the real router, email sender and SMS sender: the SMS is held beside the email and
/// sent once when the email fails for good (a 550 at send time, a hard bounce reported later), never when it is accepted.
/// </summary>
[Collection(SmsFallbackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EmailFallbackTests(SmsFallbackFixture pipeline)
{
    /// <summary>
    /// Longer than a fallback takes when it does happen (a failure, its consumption and an SMS, well under a second
    /// here), so an SMS that should not come would have come by then.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task An_email_rejected_550_falls_back_to_exactly_one_sms_carrying_fallbackOf()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var message = scenario.FromUser();
        scenario.RejectEmailAbout(message);
        var emailId = IdOf(message, scenario.AgentId, Channels.Email);

        await pipeline.Platform.Publish(message);

        var routed = await scenario.RoutedAsync(message);
        Assert.Contains(routed.HeldForFallback, held => held.NotificationId == IdOf(message, scenario.AgentId, Channels.Sms) && held.Channel == Channels.Sms);
        Assert.DoesNotContain(routed.Notifications, sent => sent.Channel == Channels.Sms);
        var failed = await scenario.FailedAsync(emailId);
        Assert.True(failed.Permanent);
        var sms = await scenario.DeliveredAsync(FallbackIdOf(message, scenario.AgentId, Channels.Sms));
        Assert.Equal(emailId, sms.FallbackOf);
        Assert.Equal(Channels.Sms, sms.Channel);
        // The console's delivery log keeps what it was a fallback of.
        await Infrastructure.Eventually.TrueAsync(async () =>
            (await pipeline.Redis.GetDatabase().StreamRangeAsync(pipeline.KeyPrefix + "delivery-log")).Any(entry =>
                entry["notification"] == sms.NotificationId && entry["fallback-of"] == emailId), "the fallback's delivery log entry");

        await Task.Delay(Settle);
        Assert.Single(scenario.SmsTo(scenario.AgentPhone, message));
        Assert.DoesNotContain(pipeline.Outcomes.Delivered, d => d.NotificationId == IdOf(message, scenario.AgentId, Channels.Sms));
        // The held SMS is not a suppression: nothing says it was decided against.
        Assert.DoesNotContain(pipeline.Outcomes.Suppressed, s => s.MessageId == message.MessageId && s.Channel == Channels.Sms);
    }

    [Fact]
    public async Task An_email_that_was_accepted_sends_no_sms()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var message = scenario.FromUser();

        await pipeline.Platform.Publish(message);

        await scenario.EmailAsync(message, scenario.AgentEmail);
        await scenario.DeliveredAsync(IdOf(message, scenario.AgentId, Channels.Email));
        await Task.Delay(Settle);
        Assert.Empty(scenario.AnySmsTo(scenario.AgentPhone));
        Assert.DoesNotContain(pipeline.Outcomes.Delivered, d => d.RecipientId == scenario.AgentId && d.Channel == Channels.Sms);
    }

    [Fact]
    public async Task A_late_hard_bounce_marks_the_address_until_the_platform_gives_another_one()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var first = scenario.FromUser();
        await pipeline.Platform.Publish(first);
        await scenario.EmailAsync(first, scenario.AgentEmail);
        var emailId = IdOf(first, scenario.AgentId, Channels.Email);
        await scenario.DeliveredAsync(emailId);

        // As the gateway publishes a bounce that arrived after the SMTP exchange; published twice, as a redelivery would.
        var bounce = new NotificationFailed
        {
            NotificationId = emailId, Channel = Channels.Email, RecipientId = scenario.AgentId, ConversationId = first.ConversationId,
            MessageId = first.MessageId, Reason = "550 5.1.1 user unknown (a late bounce)", Permanent = true, FailedAt = DateTimeOffset.UtcNow,
            FollowUp = true, Bounce = BounceKinds.Hard,
        };
        await pipeline.Platform.Publish(bounce);
        await pipeline.Platform.Publish(bounce);

        // The bounce falls back for that message too: its SMS goes once.
        var fallback = await scenario.DeliveredAsync(FallbackIdOf(first, scenario.AgentId, Channels.Sms));
        Assert.Equal(emailId, fallback.FallbackOf);

        // The next message: the address is suppressed, and the SMS, the only way left to reach the agent, goes at once.
        await Infrastructure.Eventually.TrueAsync(async () => await pipeline.Redis.GetDatabase().HashLengthAsync(pipeline.KeyPrefix + "address-marks:" + scenario.AgentId) == 1,
            "the address to be marked");
        var second = scenario.FromUser() with { Conversation = first.Conversation, ConversationId = first.ConversationId, IsFirstMessage = false };
        await pipeline.Platform.Publish(second);
        Assert.Equal("address-bounced", (await scenario.SuppressionAsync(second, scenario.AgentId, Channels.Email)).Reason);
        var sms = await scenario.DeliveredAsync(IdOf(second, scenario.AgentId, Channels.Sms));
        Assert.Null(sms.FallbackOf);

        // The same address given again stays marked.
        await pipeline.Platform.Publish(scenario.Agent() with { Name = "Kim again " + scenario.Id });
        await Infrastructure.Eventually.TrueAsync(async () =>
            ((string?)await pipeline.Redis.GetDatabase().StringGetAsync(pipeline.KeyPrefix + "participant:" + scenario.AgentId))!.Contains("again"), "the upsert to be stored");
        var third = second with { MessageId = second.MessageId + "-3", Text = second.Text + " (third)", PostedAt = DateTimeOffset.UtcNow };
        await pipeline.Platform.Publish(third);
        Assert.Equal("address-bounced", (await scenario.SuppressionAsync(third, scenario.AgentId, Channels.Email)).Reason);

        // Another address: email flows again, and the SMS is held beside it once more.
        var newAddress = $"{scenario.AgentId}-new@helpdesk.test";
        await pipeline.Platform.Publish(scenario.Agent(email: newAddress));
        await Infrastructure.Eventually.TrueAsync(async () =>
            ((string?)await pipeline.Redis.GetDatabase().StringGetAsync(pipeline.KeyPrefix + "participant:" + scenario.AgentId))!.Contains(newAddress), "the new address to be stored");
        var fourth = scenario.FromUser();
        var after = fourth with { Conversation = fourth.Conversation with { DepartmentId = scenario.Department } };
        await pipeline.Platform.Publish(after);
        await scenario.EmailAsync(after, newAddress);
        await Task.Delay(Settle);
        Assert.Empty(scenario.SmsTo(scenario.AgentPhone, after));
        Assert.Single(scenario.SmsTo(scenario.AgentPhone, first));
        Assert.Empty(scenario.Emails(second, scenario.AgentEmail));
    }

    [Fact]
    public async Task A_bounced_address_stays_marked_after_the_participant_is_erased_and_created_again()
    {
        var scenario = new FallbackScenario(pipeline);
        await scenario.StartAsync();
        var first = scenario.FromUser();
        await pipeline.Platform.Publish(first);
        await scenario.EmailAsync(first, scenario.AgentEmail);
        var emailId = IdOf(first, scenario.AgentId, Channels.Email);
        await pipeline.Platform.Publish(new NotificationFailed
        {
            NotificationId = emailId, Channel = Channels.Email, RecipientId = scenario.AgentId, ConversationId = first.ConversationId,
            MessageId = first.MessageId, Reason = "550 5.1.1 user unknown (a late bounce)", Permanent = true, FailedAt = DateTimeOffset.UtcNow,
            FollowUp = true, Bounce = BounceKinds.Hard,
        });
        var marks = pipeline.KeyPrefix + "address-marks:" + scenario.AgentId;
        await Infrastructure.Eventually.TrueAsync(async () => await pipeline.Redis.GetDatabase().HashLengthAsync(marks) == 1, "the address to be marked");

        // Erased: the participant's own mark goes with them, and no address is left in clear anywhere in Redis.
        await pipeline.Platform.Publish(new ParticipantRemoved { ParticipantId = scenario.AgentId, Erase = true, At = DateTimeOffset.UtcNow });
        await Infrastructure.Eventually.TrueAsync(async () => !await pipeline.Redis.GetDatabase().KeyExistsAsync(marks), "the erasure to drop the participant's marks");
        var server = pipeline.Redis.GetServer(pipeline.Redis.GetEndPoints()[0]);
        foreach (var key in server.Keys(pattern: pipeline.KeyPrefix + "*bounced-addresses*"))
            foreach (var entry in await pipeline.Redis.GetDatabase().HashGetAllAsync(key))
                Assert.DoesNotContain(scenario.AgentEmail, entry.Name.ToString() + entry.Value);

        // Created again with the same address (after the removal): the bounce is still honoured.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await pipeline.Platform.Publish(scenario.Agent() with { Name = "Kim returns " + scenario.Id });
        await Infrastructure.Eventually.TrueAsync(async () => await pipeline.Redis.GetDatabase().HashLengthAsync(marks) == 1, "the returning participant to be marked again");
        var second = scenario.FromUser();
        await pipeline.Platform.Publish(second);
        Assert.Equal("address-bounced", (await scenario.SuppressionAsync(second, scenario.AgentId, Channels.Email)).Reason);
        Assert.Empty(scenario.Emails(second, scenario.AgentEmail));
    }
}
