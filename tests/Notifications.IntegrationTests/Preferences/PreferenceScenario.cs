using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Preferences;

/// <summary>
/// A user and an offline agent of their own department, with unique ids, addresses and phone numbers, so each test reads
/// only its own notifications from the shared pipeline. Row A1 (a user's first message to the department) notifies the
/// agent; row U1 (the agent's answer while the user is offline) notifies the user.
/// </summary>
internal sealed class PreferenceScenario(PipelineFixture pipeline)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    public string Id { get; } = Guid.NewGuid().ToString("N")[..10];
    public string UserId => $"user-{Id}";
    public string AgentId => $"agent-{Id}";
    public string Department => $"dept-{Id}";
    public string UserEmail => $"{UserId}@customer.test";
    public string AgentEmail => $"{AgentId}@helpdesk.test";
    public string UserPhone { get; } = UniquePhone();
    public string AgentPhone { get; } = UniquePhone();

    public ParticipantUpserted User(ParticipantPreferences? preferences = null) => new()
    {
        ParticipantId = UserId, Role = ParticipantRoles.User, Name = "Ada " + Id, Email = UserEmail, Phone = UserPhone, Preferences = preferences,
    };

    public ParticipantUpserted Agent(ParticipantPreferences? preferences = null) => new()
    {
        ParticipantId = AgentId, Role = ParticipantRoles.Agent, Name = "Kim " + Id, Email = AgentEmail, Phone = AgentPhone,
        DepartmentIds = [Department], Preferences = preferences,
    };

    public async Task StartAsync(ParticipantPreferences? user = null, ParticipantPreferences? agent = null)
    {
        await pipeline.Platform.Publish(User(user));
        await pipeline.Platform.Publish(Agent(agent));
        await pipeline.WaitForParticipantsAsync(UserId, AgentId);
    }

    /// <summary>Row A1: the user's first message in a new conversation of the agent's department.</summary>
    public MessagePosted FromUser(string? conversationId = null)
    {
        var message = HelpDesk.Message(UserId, ParticipantRoles.User, new ConversationInfo { UserId = UserId, DepartmentId = Department }, first: true);
        return conversationId is null ? message : message with { ConversationId = conversationId };
    }

    /// <summary>Row U1: the agent answers while the user is offline.</summary>
    public MessagePosted FromAgent() => HelpDesk.Message(AgentId, ParticipantRoles.Agent,
        new ConversationInfo { UserId = UserId, DepartmentId = Department, LastAgentId = AgentId }, first: false);

    public async Task<MimeMessage> EmailAsync(MessagePosted message, string address)
    {
        MimeMessage? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = pipeline.Smtp.Messages.FirstOrDefault(email => (email.TextBody ?? "").Contains(message.Text) && email.To.Mailboxes.Any(m => m.Address == address));
            return found is not null;
        }, $"the email about {message.MessageId} to {address}");
        return found!;
    }

    public async Task<NotificationSuppressed> SuppressionAsync(MessagePosted message, string recipientId, string channel)
    {
        NotificationSuppressed? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = pipeline.Outcomes.Suppressed.FirstOrDefault(s => s.MessageId == message.MessageId && s.RecipientId == recipientId && s.Channel == channel);
            return found is not null;
        }, $"the {channel} suppression of {message.MessageId} for {recipientId}");
        return found!;
    }

    public Task SmsAsync(MessagePosted message, string phone) =>
        Eventually.TrueAsync(() => pipeline.Providers.Requests.Any(request => IsSmsAbout(request, message, phone)), $"the SMS about {message.MessageId} to {phone}");

    /// <summary>After what did arrive, a while longer watching for what must not.</summary>
    public static Task SettleAsync() => Task.Delay(Settle);

    public bool SmsSent(MessagePosted message, string phone) => pipeline.Providers.Requests.Any(request => IsSmsAbout(request, message, phone));

    public bool EmailSent(MessagePosted message, string address) =>
        pipeline.Smtp.Messages.Any(email => (email.TextBody ?? "").Contains(message.Text) && email.To.Mailboxes.Any(m => m.Address == address));

    private static bool IsSmsAbout(StubRequest request, MessagePosted message, string phone)
    {
        if (!request.Path.EndsWith("/Messages.json"))
            return false;
        var form = QueryHelpers.ParseQuery(request.Body);
        return form["To"].ToString() == phone && form["Body"].ToString().Contains(message.Text[..20]);
    }

    private static string UniquePhone() => "+1555" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
}
