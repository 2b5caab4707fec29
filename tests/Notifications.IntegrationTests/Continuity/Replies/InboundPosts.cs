using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MimeKit;
using Notifications.Gateway.InboundEmail;

namespace Notifications.IntegrationTests.Continuity.Replies;

/// <summary>A reply posted to the gateway in each inbound form, as an MTA pipe, SendGrid Inbound Parse and a Mailgun route post it.</summary>
public static class InboundPosts
{
    public static async Task<HttpResponseMessage> RawAsync(HttpClient http, MimeMessage mail, string? envelopeTo, string secret = ReplyFixture.InboundSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, InboundMailEndpoint.Path) { Content = new ByteArrayContent(ReplyFixture.Raw(mail)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        request.Headers.Add(InboundMailEndpoint.SecretHeader, secret);
        if (envelopeTo is not null)
            request.Headers.Add(InboundMailEndpoint.EnvelopeToHeader, envelopeTo);
        return await http.SendAsync(request);
    }

    /// <summary>SendGrid's "POST the raw, full MIME message" form: <c>email</c> the mail, <c>envelope</c> JSON, Basic credentials from the URL.</summary>
    public static async Task<HttpResponseMessage> SendGridAsync(HttpClient http, MimeMessage mail, string envelopeTo,
        string user = ReplyFixture.SendGridUser, string password = ReplyFixture.SendGridPassword)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Encoding.UTF8.GetString(ReplyFixture.Raw(mail))), SendGridInboundParse.EmailField },
            { new StringContent(JsonSerializer.Serialize(new { to = new[] { envelopeTo }, from = mail.From.Mailboxes.First().Address })), SendGridInboundParse.EnvelopeField },
            { new StringContent("{\"to\":\"UTF-8\"}"), "charsets" },
            { new StringContent("pass"), "SPF" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, SendGridInboundParse.Path) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return await http.SendAsync(request);
    }

    /// <summary>A Mailgun route's <c>forward()</c> to a URL ending in <c>mime</c>: <c>body-mime</c>, <c>recipient</c> and the signature fields.</summary>
    public static async Task<HttpResponseMessage> MailgunAsync(HttpClient http, MimeMessage mail, string recipient, string token, DateTimeOffset? signedAt = null,
        string key = ReplyFixture.MailgunKey)
    {
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(timestamp + token)));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(recipient), MailgunRoute.RecipientField },
            { new StringContent(mail.From.Mailboxes.First().Address), "sender" },
            { new StringContent(timestamp), "timestamp" },
            { new StringContent(token), "token" },
            { new StringContent(signature), "signature" },
            { new StringContent(Encoding.UTF8.GetString(ReplyFixture.Raw(mail))), MailgunRoute.MimeField },
        };
        return await http.PostAsync(MailgunRoute.Path, form);
    }

    public static async Task<string?> OutcomeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString();
}
