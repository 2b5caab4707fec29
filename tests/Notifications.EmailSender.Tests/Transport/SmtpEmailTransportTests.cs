using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using Notifications.Email.Transport;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace Notifications.EmailSender.Tests.Transport;

public sealed class SmtpEmailTransportTests : IAsyncLifetime
{
    private readonly TestSmtpServer server = new();

    public Task InitializeAsync() => server.WaitUntilListeningAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static EmailOptions OptionsFor(int port, int maxConnections = 4) => new()
    {
        From = "support@example.com",
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Security = "None", MaxConnections = maxConnections, TimeoutSeconds = 10 },
    };

    private static OutgoingEmail Email(EmailOptions options, int index, string recipient = "alice@example.com")
    {
        var command = Commands.ToAgent($"message {index}").WithRecipientEmail(recipient);
        command = command with { NotificationId = $"msg-{index}:agent-7:email" };
        var message = new EmailComposer(OptionsFactory.Create(options)).Compose(command);
        return new OutgoingEmail(command.NotificationId, command.Recipient.Id, message);
    }

    private static SmtpEmailTransport Transport(EmailOptions options) =>
        new(OptionsFactory.Create(options), NullLogger<SmtpEmailTransport>.Instance);

    [Fact]
    public async Task TenEmailsInSequence_ArriveOverOneConnection()
    {
        var options = OptionsFor(server.Port);
        await using var transport = Transport(options);

        for (var i = 0; i < 10; i++)
            Assert.Equal("smtp", await transport.SendAsync(Email(options, i), default));

        Assert.Equal(10, server.Messages.Count);
        Assert.Single(server.DeliveringSessions);
        Assert.Equal(1, transport.ConnectionsOpened);
        Assert.Contains(server.Messages, message => message.TextBody?.Contains("message 9") == true);
    }

    [Fact]
    public async Task TenEmailsAtOnce_ArriveOverNoMoreThanTheConfiguredConnections()
    {
        var options = OptionsFor(server.Port, maxConnections: 2);
        await using var transport = Transport(options);
        var sessionsBefore = server.SessionsCreated;

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => transport.SendAsync(Email(options, i), default)));

        Assert.Equal(10, server.Messages.Count);
        Assert.InRange(server.DeliveringSessions.Count, 1, 2);
        Assert.InRange(server.SessionsCreated - sessionsBefore, 1, 2);
        Assert.InRange(transport.ConnectionsOpened, 1, 2);
        Assert.Equal(10, server.Messages.Select(message => message.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task RecipientRejectedWith550_IsPermanent_AndTheConnectionStaysUsable()
    {
        var options = OptionsFor(server.Port);
        await using var transport = Transport(options);

        var error = await Assert.ThrowsAsync<ProviderException>(() => transport.SendAsync(Email(options, 1, "rejected@example.com"), default));

        Assert.True(error.Permanent);
        Assert.Contains("550", error.Message);
        Assert.Contains("recipient", error.Message);
        Assert.DoesNotContain("rejected@example.com", error.Message);

        await transport.SendAsync(Email(options, 2), default);
        Assert.Single(server.Messages);
        Assert.Equal(1, transport.ConnectionsOpened);
    }

    [Fact]
    public async Task MessageDeferredWith451_IsTransient()
    {
        var options = OptionsFor(server.Port);
        await using var transport = Transport(options);

        var error = await Assert.ThrowsAsync<ProviderException>(() => transport.SendAsync(Email(options, 1, "busy@example.com"), default));

        Assert.False(error.Permanent);
        Assert.Contains("451", error.Message);
    }

    [Fact]
    public async Task ClosedPort_IsTransientWithConnectionRefusedReason()
    {
        var options = OptionsFor(TestSmtpServer.FreePort());
        await using var transport = Transport(options);

        var error = await Assert.ThrowsAsync<ProviderException>(() => transport.SendAsync(Email(options, 1), default));

        Assert.False(error.Permanent);
        Assert.Contains("connection refused", error.Message);
        Assert.Contains($"127.0.0.1:{options.Smtp.Port}", error.Message);
    }

    [Fact]
    public async Task AuthenticationWhenTheServerOffersNone_IsPermanentAndNamesTheKeysNotThePassword()
    {
        var options = OptionsFor(server.Port);
        options.Smtp.Username = "mailer";
        options.Smtp.Password = "s3cr3t-value";
        await using var transport = Transport(options);

        var error = await Assert.ThrowsAsync<ProviderException>(() => transport.SendAsync(Email(options, 1), default));

        Assert.DoesNotContain("s3cr3t-value", error.ToString());
        Assert.Contains("Email:Smtp:", error.Message);
    }

    [Fact]
    public async Task ConnectionIdleLongerThanTheIdleTimeout_IsReplaced()
    {
        var options = OptionsFor(server.Port);
        options.Smtp.IdleTimeoutSeconds = 1;
        await using var transport = Transport(options);

        await transport.SendAsync(Email(options, 1), default);
        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        await transport.SendAsync(Email(options, 2), default);

        Assert.Equal(2, server.Messages.Count);
        Assert.Equal(2, transport.ConnectionsOpened);
    }
}
