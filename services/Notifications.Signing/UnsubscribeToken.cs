using System.Security.Cryptography;
using System.Text;

namespace Notifications.Signing;

/// <summary>
/// The token of a one-click unsubscribe link: <c>{participant id, base64url}.{channel}.{HMAC-SHA256, base64url}</c>,
/// keyed by <c>Email:UnsubscribeSigningKey</c>. It names whom and which channel to stop and proves the system wrote it,
/// so the link needs no state and a changed id or channel no longer matches. It never expires: an email read a year
/// later still unsubscribes (RFC 8058 asks that the link keep working), and what it can do is only to stop a channel.
/// The email sender makes it; the gateway checks it.
/// </summary>
public static class UnsubscribeToken
{
    /// <summary>A key shorter than this is refused at start: the HMAC is as strong as its key.</summary>
    public const int MinKeyLength = 32;

    // Domain separation: the same key used for another signature never gives a valid token.
    private const string Purpose = "notifications:unsubscribe:v1\n";

    public static string Create(string key, string participantId, string channel) =>
        $"{Base64Url(Encoding.UTF8.GetBytes(participantId))}.{channel}.{Base64Url(Mac(key, participantId, channel))}";

    /// <summary>Reads a token; <paramref name="problem"/> says why it is refused (never echoing the key or the expected value).</summary>
    /// <returns>The participant and channel, or null when the token is malformed (<paramref name="forged"/> false) or not ours (true).</returns>
    public static (string ParticipantId, string Channel)? Read(string key, string? token, out bool forged, out string? problem)
    {
        forged = false;
        problem = null;
        var parts = (token ?? "").Split('.');
        if (parts.Length != 3 || parts[1].Length is 0 or > 16 || parts[0].Length is 0 or > 400)
        {
            problem = "The link is not a whole unsubscribe link (it may have been cut when it was copied).";
            return null;
        }
        string participantId;
        byte[] given;
        try
        {
            participantId = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(FromBase64Url(parts[0]));
            given = FromBase64Url(parts[2]);
        }
        catch (FormatException)
        {
            problem = "The link is not a whole unsubscribe link (it may have been cut when it was copied).";
            return null;
        }
        catch (DecoderFallbackException)
        {
            problem = "The link is not a whole unsubscribe link (it may have been cut when it was copied).";
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(Mac(key, participantId, parts[1]), given))
        {
            forged = true;
            problem = "The link's signature does not match: it was not made by this system, or it was changed.";
            return null;
        }
        return (participantId, parts[1]);
    }

    private static byte[] Mac(string key, string participantId, string channel) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(Purpose + participantId + "\n" + channel));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException() };
        return Convert.FromBase64String(padded);
    }
}
