using System.Security.Cryptography;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.Gateway;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.IntegrationTests.Continuity.Bounces;

/// <summary>
/// The real email sender and the real gateway on a fresh vhost and key prefix, with the reply domain set (so each
/// email gets its VERP bounce address) and the gateway trusting <see cref="SendGridKey"/>'s public key, a P-256 pair
/// made for this run, as SendGrid's signed Event Webhook would be configured. The email sender talks to an
/// <see cref="ScriptedSmtpServer"/>, which shows the envelope sender it was given.
/// </summary>
public sealed class BounceFixture : IAsyncLifetime
{
    public const string ReplyDomain = "reply.helpdesk.test";
    public const string SigningKey = "integration-reply-signing-key-0123456789abcdef";
    public const string InboundSecret = "integration-inbound-secret-0123456789abcdef";

    private readonly IsolatedInfrastructure infrastructure = new();

    /// <summary>The key pair SendGrid would sign with; the gateway is given only its public half.</summary>
    public ECDsa SendGridKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ScriptedSmtpServer Smtp { get; } = new();
    public NotificationOutcomes Outcomes { get; } = new();
    public IBus Platform => infrastructure.Platform;
    public WebApplication EmailSender { get; private set; } = null!;
    public WebApplication Gateway { get; private set; } = null!;
    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = Smtp.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "notifications@helpdesk.test",
            ["Email:ReplyDomain"] = ReplyDomain,
            ["Email:ReplySigningKey"] = SigningKey,
            ["Email:Inbound:SharedSecret"] = InboundSecret,
            ["Email:SendGrid:WebhookPublicKey"] = Convert.ToBase64String(SendGridKey.ExportSubjectPublicKeyInfo()),
        };
        EmailSender = await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, configuration);
        Gateway = await ServiceHost.StartAsync("Notifications.Gateway", GatewayHost.Build, configuration);
        Http.BaseAddress = new Uri(Gateway.Urls.First());
        await infrastructure.StartPlatformBusAsync(Outcomes);
    }

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

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await infrastructure.DisposeAsync([Gateway, EmailSender], Smtp);
        SendGridKey.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BounceCollection : ICollectionFixture<BounceFixture>
{
    public const string Name = "bounces";
}
