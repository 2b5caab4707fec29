using System.Security.Cryptography;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.IntegrationTests.Continuity.Bounces;

/// <summary>
/// The real email sender and the real gateway with the reply domain set (<see cref="ReplyDomainFixture"/>: each
/// email gets its VERP bounce address), the gateway trusting <see cref="SendGridKey"/>'s public key, a P-256 pair made
/// for this run, as SendGrid's signed Event Webhook would be configured. The SMTP server shows the envelope sender it
/// was given.
/// </summary>
public sealed class BounceFixture : ReplyDomainFixture
{
    /// <summary>The key pair SendGrid would sign with; the gateway is given only its public half.</summary>
    public ECDsa SendGridKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Email:SendGrid:WebhookPublicKey"] = Convert.ToBase64String(SendGridKey.ExportSubjectPublicKeyInfo()),
    };

    /// <summary>Sends one email notification straight to the email sender's queue, as the router does.</summary>
    public async Task<SendEmail> SendEmailAsync(string recipientId, string address)
    {
        var messageId = $"m-{Guid.NewGuid():N}";
        var command = new SendEmail
        {
            NotificationId = $"{messageId}:{recipientId}:email",
            Rule = "A2",
            Recipient = new NotificationRecipient { Id = recipientId, Role = ParticipantRoles.Agent, Name = "Bo Bounce", Email = address },
            Message = new NotifiedMessage
            {
                MessageId = messageId,
                ConversationId = $"c-{Guid.NewGuid():N}",
                Sender = new MessageSender { Id = "user-ada", Role = ParticipantRoles.User, Name = "Ada" },
                Text = $"Is my order on its way? {messageId}",
                PostedAt = DateTimeOffset.UtcNow,
            },
        };
        await Platform.SendToQueueAsync(QueueNames.SendEmail, command);
        return command;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SendGridKey.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BounceCollection : ICollectionFixture<BounceFixture>
{
    public const string Name = "bounces";
}
