using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Notifications.Email.Settings;
using Notifications.Email.Transport;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace Notifications.EmailSender.Tests.Transport;

/// <summary>
/// Each security mode against a real in-process SMTP server: None, StartTls (port 587 style) and SslOnConnect
/// (port 465 style), with a self-signed certificate trusted by its pinned fingerprint.
/// </summary>
public sealed class SmtpSecurityModeTests
{
    private static readonly X509Certificate2 Certificate = CreateSelfSigned();
    private static readonly string Fingerprint = Convert.ToHexString(SHA256.HashData(Certificate.RawData));

    [Theory]
    [InlineData("StartTls", false)]
    [InlineData("SslOnConnect", true)]
    public async Task TlsMode_WithPinnedCertificate_DeliversTheEmail(string security, bool implicitTls)
    {
        await using var server = new TestSmtpServer(Certificate, implicitTls);
        await server.WaitUntilListeningAsync();
        await using var transport = Transport(server.Port, security, Fingerprint);

        await transport.SendAsync(Email("tls"), CancellationToken.None);

        Assert.Contains(server.Messages, m => m.Subject == "tls");
    }

    [Fact]
    public async Task NoneMode_DeliversInPlainText()
    {
        await using var server = new TestSmtpServer();
        await server.WaitUntilListeningAsync();
        await using var transport = Transport(server.Port, "None", trusted: null);

        await transport.SendAsync(Email("plain"), CancellationToken.None);

        Assert.Contains(server.Messages, m => m.Subject == "plain");
    }

    [Fact]
    public async Task StartTls_WithAnUntrustedCertificate_FailsWithTlsReason_AndNeverSends()
    {
        await using var server = new TestSmtpServer(Certificate);
        await server.WaitUntilListeningAsync();
        await using var transport = Transport(server.Port, "StartTls", trusted: null);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => transport.SendAsync(Email("untrusted"), CancellationToken.None));

        Assert.Contains("TLS", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.Messages);
    }

    private static SmtpEmailTransport Transport(int port, string security, string? trusted) =>
        new(OptionsFactory.Create(new EmailOptions
        {
            From = "notifications@helpdesk.test",
            Smtp = new SmtpOptions { Host = "localhost", Port = port, Security = security, TrustedCertificateSha256 = trusted, TimeoutSeconds = 10 },
        }), NullLogger<SmtpEmailTransport>.Instance);

    private static OutgoingEmail Email(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("notifications@helpdesk.test"));
        message.To.Add(MailboxAddress.Parse("agent@helpdesk.test"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "hello" };
        return new OutgoingEmail($"n-{subject}", "agent-1", message);
    }

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Exported and loaded again so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
