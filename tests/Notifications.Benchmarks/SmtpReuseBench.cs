using System.Diagnostics;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Notifications.EmailSender.Options;
using Notifications.EmailSender.Transport;

namespace Notifications.Benchmarks;

/// <summary>
/// The email sender's pooled SMTP transport against the baseline of one connection per email (connect, send,
/// disconnect), both with the same concurrency against the same local SMTP sink.
/// </summary>
public static class SmtpReuseBench
{
    private const int Concurrency = 4;

    public static async Task RunAsync(BenchReport report, int emails)
    {
        await using var sink = new TimingSmtpSink();

        var perMail = await MeasureAsync(emails, async (message, _) =>
        {
            using var client = new SmtpClient();
            await client.ConnectAsync("127.0.0.1", sink.Port, SecureSocketOptions.None);
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        });
        var sessionsPerMail = sink.Sessions;

        var options = Microsoft.Extensions.Options.Options.Create(new EmailOptions
        {
            From = "bench@helpdesk.bench",
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, Security = "None", MaxConnections = Concurrency },
        });
        await using var transport = new SmtpEmailTransport(options, NullLogger<SmtpEmailTransport>.Instance);
        var pooled = await MeasureAsync(emails, (message, i) =>
            transport.SendAsync(new OutgoingEmail($"bench-{i}", "bench-recipient", message), CancellationToken.None));
        var sessionsPooled = sink.Sessions - sessionsPerMail;

        report.Add("SMTP connection reuse", $"connect per mail ({emails:N0} emails, {Concurrency} at once; {sessionsPerMail:N0} connections)", BenchReport.Rate(perMail));
        report.Add("SMTP connection reuse", $"pooled transport ({sessionsPooled:N0} connections)", BenchReport.Rate(pooled));
        report.Add("SMTP connection reuse", "ratio pooled / connect per mail", BenchReport.Ratio(pooled / perMail), ">= 5");
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
