using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using SmtpServer.Protocol;

namespace Notifications.IntegrationTests.Continuity.Fallback;

/// <summary>
/// A user and an offline agent of their own department, with unique ids, addresses and numbers, so each test reads only
/// its own notifications: row A1 (the user's first message) notifies the agent, row U1 (the agent's answer) the user.
/// </summary>
internal sealed class FallbackScenario(FallbackFixture pipeline)
{
    public string Id { get; } = Guid.NewGuid().ToString("N")[..10];
    public string UserId => $"user-{Id}";
    public string AgentId => $"agent-{Id}";
    public string Department => $"dept-{Id}";
    public string UserEmail => $"{UserId}@customer.test";
    public string AgentEmail => $"{AgentId}@helpdesk.test";
    public string UserPhone { get; } = UniquePhone();
    public string AgentPhone { get; } = UniquePhone();

    public ParticipantUpserted User(string? phone = null) => new()
    {
        ParticipantId = UserId, Role = ParticipantRoles.User, Name = "Ada " + Id, Email = UserEmail, Phone = phone, At = DateTimeOffset.UtcNow,
    };

    public ParticipantUpserted Agent(string? email = null) => new()
    {
        ParticipantId = AgentId, Role = ParticipantRoles.Agent, Name = "Kim " + Id, Email = email ?? AgentEmail, Phone = AgentPhone,
        DepartmentIds = [Department], At = DateTimeOffset.UtcNow,
    };

    public async Task StartAsync()
    {
        await pipeline.Platform.Publish(User());
        await pipeline.Platform.Publish(Agent());
        await pipeline.WaitForParticipantsAsync(UserId, AgentId);
    }

    /// <summary>Row A1: the user's first message in a new conversation of the agent's department.</summary>
    public MessagePosted FromUser() =>
        HelpDesk.Message(UserId, ParticipantRoles.User, new ConversationInfo { UserId = UserId, DepartmentId = Department }, first: true);

    /// <summary>Row U1: the agent answers while the user is offline.</summary>
    public MessagePosted FromAgent() => HelpDesk.Message(AgentId, ParticipantRoles.Agent,
        new ConversationInfo { UserId = UserId, DepartmentId = Department, LastAgentId = AgentId }, first: false);

    /// <summary>The in-process SMTP server answers the email about <paramref name="message"/> with a 550.</summary>
    public void RejectEmailAbout(MessagePosted message) =>
        pipeline.Smtp.Plan(message.Text, new SmtpResponse((SmtpReplyCode)550, "5.1.1 The email account that you tried to reach does not exist"));

    public async Task<MimeMessage> EmailAsync(MessagePosted message, string address)
    {
        MimeMessage? found = null;
        await Eventually.TrueAsync(() => (found = Emails(message, address).FirstOrDefault()) is not null, $"the email about {message.MessageId} to {address}");
        return found!;
    }

    public IReadOnlyList<MimeMessage> Emails(MessagePosted message, string address) =>
        pipeline.Smtp.Messages.Where(email => (email.TextBody ?? "").Contains(message.Text) && email.To.Mailboxes.Any(m => m.Address == address)).ToList();

    /// <summary>What the Twilio stub was asked to send to <paramref name="phone"/> about <paramref name="message"/>.</summary>
    public IReadOnlyList<StubRequest> SmsTo(string phone, MessagePosted message) =>
        pipeline.Providers.Requests.Where(request => request.Path.EndsWith("/Messages.json")
            && QueryHelpers.ParseQuery(request.Body) is var form && form["To"].ToString() == phone
            && form["Body"].ToString().Contains(message.Text[..20])).ToList();

    public IReadOnlyList<StubRequest> AnySmsTo(string phone) =>
        pipeline.Providers.Requests.Where(request => request.Path.EndsWith("/Messages.json") && QueryHelpers.ParseQuery(request.Body)["To"].ToString() == phone).ToList();

    public async Task<NotificationDelivered> DeliveredAsync(string notificationId)
    {
        NotificationDelivered? found = null;
        await Eventually.TrueAsync(() => (found = pipeline.Outcomes.Delivered.FirstOrDefault(d => d.NotificationId == notificationId)) is not null,
            $"NotificationDelivered for {notificationId}");
        return found!;
    }

    public async Task<NotificationFailed> FailedAsync(string notificationId)
    {
        NotificationFailed? found = null;
        await Eventually.TrueAsync(() => (found = pipeline.Outcomes.Failed.FirstOrDefault(d => d.NotificationId == notificationId)) is not null,
            $"NotificationFailed for {notificationId}");
        return found!;
    }

    public async Task<NotificationSuppressed> SuppressionAsync(MessagePosted message, string recipientId, string channel)
    {
        NotificationSuppressed? found = null;
        await Eventually.TrueAsync(() => (found = pipeline.Outcomes.Suppressed.FirstOrDefault(s =>
                s.MessageId == message.MessageId && s.RecipientId == recipientId && s.Channel == channel)) is not null,
            $"the {channel} suppression of {message.MessageId} for {recipientId}");
        return found!;
    }

    public async Task<MessageRouted> RoutedAsync(MessagePosted message)
    {
        MessageRouted? found = null;
        await Eventually.TrueAsync(() => (found = pipeline.Outcomes.Routed.FirstOrDefault(r => r.MessageId == message.MessageId)) is not null,
            $"MessageRouted for {message.MessageId}");
        return found!;
    }

    public static string IdOf(MessagePosted message, string recipientId, string channel) => $"{message.MessageId}:{recipientId}:{channel}";

    public static string FallbackIdOf(MessagePosted message, string recipientId, string channel) => IdOf(message, recipientId, channel) + ":fallback";

    private static string UniquePhone() => "+1555" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
}
