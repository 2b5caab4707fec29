using Microsoft.Extensions.Options;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Notifications.Email.Settings;
using Notifications.Email.Transport;

namespace Notifications.Benchmarks;

/// <summary>
/// The email sender's pooled SMTP transport against the baseline of one connection per email (connect, send,
/// disconnect), both with the same concurrency against the same local SMTP sink. Measured twice: with
/// <c>StartTls</c>, the default security mode and what Gmail, SendGrid and most relays require (the ratio the
/// target applies to), and in plain text (<c>None</c>, a relay inside the network), where a connection costs
/// only a TCP handshake and the greeting on loopback.
/// </summary>
public static class SmtpReuseBench
{
    private const int Concurrency = 4;

    public static async Task RunAsync(BenchReport report, int emails)
    {
        using var certificate = SelfSignedCertificate();
        await using var sink = new TimingSmtpSink(certificate);
        await MeasureModeAsync(report, sink, emails, "StartTls", SecureSocketOptions.StartTls, certificate, ">= 5");
        await MeasureModeAsync(report, sink, emails, "None", SecureSocketOptions.None, certificate, target: "");
    }

    private static async Task MeasureModeAsync(BenchReport report, TimingSmtpSink sink, int emails, string mode,
        SecureSocketOptions security, X509Certificate2 certificate, string target)
    {
        var pin = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var sessionsBefore = sink.Sessions;
        var perMail = await MeasureAsync(emails, async (message, _) =>
        {
            using var client = new SmtpClient { ServerCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString(HashAlgorithmName.SHA256) == pin };
            await client.ConnectAsync("127.0.0.1", sink.Port, security);
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        });
        var sessionsPerMail = sink.Sessions - sessionsBefore;

        var options = Options.Create(new EmailOptions
        {
            From = "bench@helpdesk.bench",
            Smtp = new SmtpOptions
            {
                Host = "127.0.0.1",
                Port = sink.Port,
                Security = mode,
                MaxConnections = Concurrency,
                TrustedCertificateSha256 = pin,
            },
        });
        await using var transport = new SmtpEmailTransport(options, NullLogger<SmtpEmailTransport>.Instance);
        var pooled = await MeasureAsync(emails, (message, i) =>
            transport.SendAsync(new OutgoingEmail($"bench-{i}", "bench-recipient", message), CancellationToken.None));
        var sessionsPooled = sink.Sessions - sessionsBefore - sessionsPerMail;

        report.Add("SMTP connection reuse", $"{mode}: connect per mail ({emails:N0} emails, {Concurrency} at once; {sessionsPerMail:N0} connections)", BenchReport.Rate(perMail));
        report.Add("SMTP connection reuse", $"{mode}: pooled transport ({sessionsPooled:N0} connections)", BenchReport.Rate(pooled));
        report.Add("SMTP connection reuse", $"{mode}: ratio pooled / connect per mail", BenchReport.Ratio(pooled / perMail), target);
    }

    private static async Task<double> MeasureAsync(int emails, Func<MimeMessage, int, Task> send)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < emails)
                await send(Email(i), i);
        }));
        return emails / clock.Elapsed.TotalSeconds;
    }

    /// <summary>A throwaway server certificate for the sink's STARTTLS (ECDSA P-256, as modern relays use).</summary>
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bench-sink", key, HashAlgorithmName.SHA256);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Re-imported so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static MimeMessage Email(int i)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Help desk", "bench@helpdesk.bench"));
        message.To.Add(new MailboxAddress("Agent", $"agent{i % 50}@helpdesk.bench"));
        message.Subject = "New message from a user";
        message.Headers.Add("X-Notification-Id", $"bench-{i}");
        message.Body = new TextPart("plain") { Text = "Hello, I have a question about my order." };
        return message;
    }
}
