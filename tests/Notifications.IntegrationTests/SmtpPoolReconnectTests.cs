using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Notifications.Email.Settings;
using Notifications.Email.Transport;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests;

/// <summary>
/// Servers drop pooled connections (restarts, idle limits shorter than ours, load balancers): the next email
/// must go out over a new connection without the caller seeing the broken one.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SmtpPoolReconnectTests
{
    [Fact]
    public async Task A_pooled_connection_the_server_dropped_is_replaced_and_the_email_still_sent()
    {
        await using var sink = new SmtpSink();
        await using var proxy = new TcpProxy("127.0.0.1", sink.Port);
        proxy.Open();
        await using var transport = new SmtpEmailTransport(Options.Create(new EmailOptions
        {
            From = "notifications@helpdesk.test",
            // A long idle timeout, so the pool reuses the connection and only the failed send can reveal the drop.
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = proxy.Port, Security = "None", TimeoutSeconds = 10, IdleTimeoutSeconds = 600 },
        }), NullLogger<SmtpEmailTransport>.Instance);

        await transport.SendAsync(Email("first"), CancellationToken.None);
        Assert.Equal(1, transport.ConnectionsOpened);

        // The server side goes away with the connection still pooled, and comes back on the same port.
        proxy.Close();
        proxy.Open();
        await Task.Delay(200);

        await transport.SendAsync(Email("second"), CancellationToken.None);

        Assert.Equal(2, transport.ConnectionsOpened);
        await Eventually.TrueAsync(() => sink.Messages.Any(message => message.Subject == "second"), "the second email");
        Assert.Single(sink.Messages, message => message.Subject == "second");
    }

    private static OutgoingEmail Email(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("notifications@helpdesk.test"));
        message.To.Add(MailboxAddress.Parse("agent@helpdesk.test"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "hello" };
        return new OutgoingEmail("n-" + subject, "agent-1", message);
    }
}
