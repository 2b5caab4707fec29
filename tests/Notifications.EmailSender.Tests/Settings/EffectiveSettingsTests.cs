using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Notifications.Email.Settings;
using Notifications.EmailSender.Tests.Transport;
using Notifications.Email.Transport;

namespace Notifications.EmailSender.Tests.Settings;

/// <summary>
/// The settings in effect are configuration with the run-time values laid over it. Every configured key must
/// survive that, or it silently stops working in the running service (as the pinned certificate once did).
/// </summary>
public sealed class EffectiveSettingsTests
{
    [Fact]
    public void EveryConfiguredValue_SurvivesWhenNothingIsStored()
    {
        var configured = new EmailOptions
        {
            From = "support@example.com",
            FromName = "Support",
            PickupDirectory = "elsewhere",
            AdminBaseUrl = "https://admin.example.com",
            CancelIfOnline = false,
            Smtp = new SmtpOptions
            {
                Host = "smtp.example.com", Port = 2525, Security = "SslOnConnect", Username = "mailer", Password = "pw",
                TrustedCertificateSha256 = new string('A', 64), MaxConnections = 9, IdleTimeoutSeconds = 77, TimeoutSeconds = 88,
            },
            Digest = new DigestOptions { Enabled = true, Schedule = "*/5 * * * *", CancelIfOnline = false, LeaseSeconds = 999 },
        };

        var effective = EmailSettingsStore.Apply(configured, new RuntimeEmailSettings());

        // Compared as JSON so that a key added later is covered without touching this test.
        Assert.Equal(JsonSerializer.Serialize(configured), JsonSerializer.Serialize(effective));
        Assert.NotSame(configured.Smtp, effective.Smtp);
    }

    [Fact]
    public void StoredValues_OverrideTheirKeys_AndLeaveTheRest()
    {
        var configured = new EmailOptions { From = "a@example.com", Smtp = new SmtpOptions { Host = "one", TrustedCertificateSha256 = new string('b', 64), MaxConnections = 3 } };

        var effective = EmailSettingsStore.Apply(configured, new RuntimeEmailSettings { SmtpHost = "two", FromName = "Desk" });

        Assert.Equal("two", effective.Smtp.Host);
        Assert.Equal("Desk", effective.FromName);
        Assert.Equal(new string('b', 64), effective.Smtp.TrustedCertificateSha256);
        Assert.Equal(3, effective.Smtp.MaxConnections);
        Assert.Equal("one", configured.Smtp.Host);
    }

    [Fact]
    public void ConfiguredPassword_IsNotSentToAStoredHostPortOrSecurity()
    {
        var configured = new EmailOptions { From = "a@example.com", Smtp = new SmtpOptions { Host = "one", Username = "mailer", Password = "configured-pw" } };

        Assert.Null(EmailSettingsStore.Apply(configured, new RuntimeEmailSettings { SmtpHost = "evil.example" }).Smtp.Password);
        Assert.Null(EmailSettingsStore.Apply(configured, new RuntimeEmailSettings { SmtpPort = 25 }).Smtp.Password);
        Assert.Null(EmailSettingsStore.Apply(configured, new RuntimeEmailSettings { SmtpSecurity = "None" }).Smtp.Password);
        Assert.Equal("configured-pw", EmailSettingsStore.Apply(configured, new RuntimeEmailSettings { SmtpHost = "ONE", FromName = "Desk" }).Smtp.Password);
    }

    [Fact]
    public void StoredPassword_IsUsedOnlyWithTheServerItWasGivenFor()
    {
        var configured = new EmailOptions { From = "a@example.com", Smtp = new SmtpOptions { Host = "one" } };
        var givenForTwo = new RuntimeEmailSettings { SmtpHost = "two", SmtpPassword = "pw", SmtpPasswordServer = SmtpServerIdentity.Of("two", 587, "StartTls") };

        Assert.Equal("pw", EmailSettingsStore.Apply(configured, givenForTwo).Smtp.Password);
        Assert.Null(EmailSettingsStore.Apply(configured, givenForTwo with { SmtpHost = "three" }).Smtp.Password);
        Assert.Null(EmailSettingsStore.Apply(configured, givenForTwo with { SmtpSecurity = "None" }).Smtp.Password);
        // Stored before passwords were tied to a server: it stays with the server those settings name.
        Assert.Equal("pw", EmailSettingsStore.Apply(configured, givenForTwo with { SmtpPasswordServer = null }).Smtp.Password);
    }

    [Fact]
    public async Task PinnedCertificate_IsTrusted_OnTheSendPath_AfterRunTimeSettingsWereSaved()
    {
        var certificate = CreateSelfSigned();
        await using var server = new TestSmtpServer(certificate);
        await server.WaitUntilListeningAsync();
        var configured = new EmailOptions
        {
            From = "notifications@helpdesk.test",
            Smtp = new SmtpOptions
            {
                Host = "localhost", Port = server.Port, Security = "StartTls", TimeoutSeconds = 10,
                TrustedCertificateSha256 = Convert.ToHexString(SHA256.HashData(certificate.RawData)),
            },
        };
        // What an operator saved through the admin API or console: unrelated to TLS.
        var stored = new RuntimeEmailSettings { FromName = "Help desk" };

        // The consumer's path: effective settings, then the pooled transport for them.
        await using var transports = new EmailTransports(NullLoggerFactory.Instance);
        var transport = transports.For(EmailSettingsStore.Apply(configured, stored));
        await transport.SendAsync(Email(), CancellationToken.None);

        Assert.Contains(server.Messages, message => message.Subject == "pinned");
    }

    [Fact]
    public async Task ChangingThePinnedCertificate_RebuildsThePool()
    {
        await using var transports = new EmailTransports(NullLoggerFactory.Instance);
        var first = new EmailOptions { From = "a@example.com", Smtp = new SmtpOptions { Host = "smtp.example.com", TrustedCertificateSha256 = new string('a', 64) } };
        var second = new EmailOptions { From = "a@example.com", Smtp = new SmtpOptions { Host = "smtp.example.com", TrustedCertificateSha256 = new string('b', 64) } };

        Assert.NotSame(transports.For(first), transports.For(second));
    }

    private static OutgoingEmail Email()
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("notifications@helpdesk.test"));
        message.To.Add(MailboxAddress.Parse("agent@helpdesk.test"));
        message.Subject = "pinned";
        message.Body = new TextPart("plain") { Text = "hello" };
        return new OutgoingEmail("n-pinned", "agent-1", message);
    }

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
