using MimeKit;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace Notifications.EmailSender.Tests.Composition;

/// <summary>
/// An email reaches its one recipient, whatever the participant's name holds: once written to the wire and read
/// again (as the SMTP server and the mail program read it), the To header is one mailbox, the recipient's address.
/// The names are the ones the pipeline's tests give participants, hostile ones included (header injection, commas,
/// colons and addresses in the name, non-ASCII, a name long enough to be folded).
/// </summary>
public class SingleRecipientTests
{
    public static TheoryData<string?> Names() =>
    [
        null, "", "Bad Content", "Agent agent-1234", "Ada Lovelace", "<b>Mallory</b>",
        "Eve\r\nBcc: victim@evil.test", "Eve\r\n Bcc: victim@evil.test", "Bob\nSubject: you won",
        "Doe, John", "a@b.test, c@d.test", "Team: a@b.test, c@d.test;", "Eve\"; x@y.test", "Zoë, Ünïcode: a@b.test",
        "Ünïcode Eve\r\nBcc: victim@evil.test", string.Join(' ', Enumerable.Repeat("Eve", 40)) + ", Bcc: victim@evil.test",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void The_To_header_is_one_mailbox_after_the_wire_in_both_encodings(string? name)
    {
        var command = Commands.ToAgent();
        command = command with { Recipient = command.Recipient with { Name = name! } };
        var composed = new EmailComposer(OptionsFactory.Create(new EmailOptions { From = "support@example.com" })).Compose(command);

        // Plain 7-bit headers, and UTF-8 headers as written to a server that offers SMTPUTF8.
        foreach (var international in new[] { false, true })
        {
            var format = FormatOptions.Default.Clone();
            format.International = international;
            using var wire = new MemoryStream();
            composed.WriteTo(format, wire);
            wire.Position = 0;
            var received = MimeMessage.Load(wire);

            Assert.Equal(["alice@example.com"], received.To.Mailboxes.Select(mailbox => mailbox.Address));
            Assert.Empty(received.Cc);
            Assert.Empty(received.Bcc);
        }
    }
}
