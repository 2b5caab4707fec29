using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Signing;

/// <summary>
/// The one request signature between the system and a platform, both ways: <c>X-Signature: sha256=&lt;hex&gt;</c>,
/// the HMAC-SHA256 of <c>&lt;X-Timestamp&gt;.&lt;raw body&gt;</c> with a shared key, and <c>X-Timestamp</c> in unix
/// seconds within a clock skew of now. The HTTP ingest checks it (<c>Ingest:SigningKey</c>); the webhook sender signs
/// what it posts back with it (<c>Webhooks:SigningKey</c>), so a platform verifies both directions with one routine.
/// </summary>
public static class RequestSignature
{
    public const string TimestampHeader = "X-Timestamp";
    public const string SignatureHeader = "X-Signature";
    private const string Scheme = "sha256=";

    public static string Sign(string key, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), signed));
    }

    /// <returns>Why the request is refused (never echoing the key or the expected signature), or null when it is authentic.</returns>
    public static string? Problem(string key, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan maxSkew)
    {
        if (string.IsNullOrWhiteSpace(timestamp) || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return $"{TimestampHeader} is missing or not unix seconds.";
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > maxSkew.TotalSeconds)
            return $"{TimestampHeader} is more than {maxSkew.TotalSeconds:0} s away from the receiver's clock: sign each request when it is sent.";
        if (string.IsNullOrWhiteSpace(signature) || !signature.StartsWith(Scheme, StringComparison.Ordinal))
            return $"{SignatureHeader} is missing or not 'sha256=<hex>'.";
        var expected = Encoding.ASCII.GetBytes(Sign(key, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : $"{SignatureHeader} does not match the body and timestamp.";
    }
}
