using System.Security.Cryptography;
using System.Text;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>Twilio's webhook signature: HMAC-SHA1 with the auth token over the URL and the fields sorted by name.</summary>
public static class TwilioSigning
{
    public static string Sign(Uri url, IReadOnlyDictionary<string, string> fields, string authToken)
    {
        var data = new StringBuilder(url.ToString());
        foreach (var field in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            data.Append(field.Key).Append(field.Value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
