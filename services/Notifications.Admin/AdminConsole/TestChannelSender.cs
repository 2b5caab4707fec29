using MassTransit;
using Notifications.Contracts;
using Notifications.SharedState.DeliveryLog;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Admin.AdminConsole;

/// <summary>What became of a test SMS or push: <see cref="Outcome"/> as in the delivery log, or <c>no-answer</c>.</summary>
public sealed record TestChannelResult(string NotificationId, string Outcome, string? Detail);

/// <summary>
/// Sends a test SMS or push the way the router does (a <see cref="SendSms"/> / <see cref="SendPush"/> command to
/// the sender's queue), because those senders are separate processes with their own credentials. Then waits,
/// bounded, for the sender's outcome to reach the delivery log, so the page shows the provider's own reason.
/// </summary>
public sealed class TestChannelSender(IBus endpoints, DeliveryLogStore log)
{
    /// <summary>Test notifications share this conversation id, so they are easy to find (and filter) in the log.</summary>
    public const string Conversation = "console-test";

    public const string NoAnswer = "no-answer";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public Task<TestChannelResult> SendSmsAsync(string phone, CancellationToken cancellationToken)
    {
        var (id, recipient, message) = Test(Channels.Sms);
        return SendAndWaitAsync(QueueNames.SendSms, id,
            new SendSms { NotificationId = id, Rule = Conversation, Recipient = recipient with { Phone = phone }, Message = message }, cancellationToken);
    }

    public Task<TestChannelResult> SendPushAsync(string platform, string deviceId, CancellationToken cancellationToken)
    {
        var (id, recipient, message) = Test(Channels.Push);
        return SendAndWaitAsync(QueueNames.SendPush, id, new SendPush
        {
            NotificationId = id,
            Rule = Conversation,
            Recipient = recipient with { PushDevices = [new PushDevice { DeviceId = deviceId, Platform = platform }] },
            Message = message,
        }, cancellationToken);
    }

    private static (string Id, NotificationRecipient Recipient, NotifiedMessage Message) Test(string channel)
    {
        // A fresh id each time: senders are idempotent on it, so a repeated test must not look like a redelivery.
        var messageId = "console-test-" + Guid.NewGuid().ToString("N")[..12];
        var recipient = new NotificationRecipient { Id = "console-test-recipient", Role = ParticipantRoles.Agent, Name = "Console test" };
        var message = new NotifiedMessage
        {
            MessageId = messageId,
            ConversationId = Conversation,
            Sender = new MessageSender { Id = "notifications-console", Role = ParticipantRoles.Agent, Name = "Notifications console" },
            Text = "Test notification from the notifications console.",
            PostedAt = DateTimeOffset.UtcNow,
        };
        return ($"{messageId}:{recipient.Id}:{channel}", recipient, message);
    }

    private async Task<TestChannelResult> SendAndWaitAsync<T>(string queue, string id, T command, CancellationToken cancellationToken)
        where T : class
    {
        var endpoint = await endpoints.GetSendEndpoint(QueueNames.Address(queue));
        await endpoint.Send(command, cancellationToken);

        var deadline = DateTimeOffset.UtcNow + Wait;
        while (DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            var entries = await log.ReadAsync(Conversation, recipientId: null, limit: 50);
            if (entries.FirstOrDefault(entry => entry.NotificationId == id) is { } outcome)
                return new TestChannelResult(id, outcome.Outcome, outcome.Detail);
        }
        return new TestChannelResult(id, NoAnswer,
            $"No outcome within {Wait.TotalSeconds:0} s: is the {(queue == QueueNames.SendSms ? "SMS" : "push")} sender running? The command waits in its queue '{queue}'.");
    }
}
