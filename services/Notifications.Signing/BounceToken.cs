using System.Security.Cryptography;
using System.Text;

namespace Notifications.Signing;

/// <summary>
/// The token of an email's VERP bounce address, <c>bounce+{token}@{Email:ReplyDomain}</c>: 40 characters of lowercase
/// base32, a 24-character handle and a 16-character signature. The handle is the first 15 bytes of the SHA-256 of the
/// notification id, so the address stays short however long the id is (a local part holds 64 octets at most) and a
/// redelivered notification gets the same address; the signature is the HMAC-SHA256 of the handle, keyed by
/// <c>Email:ReplySigningKey</c> with a purpose string of its own (a reply token never passes as a bounce token) and
/// cut to 10 bytes (80 bits: guessing one takes 2^80 tries, each a mail to our MX). The handle does not carry the
/// ids: the email sender stores them under it at send time (<c>BounceRecordStore</c>), and the gateway reads them back.
/// Lowercase base32 because relays may change the case of a local part: reading ignores case.
/// </summary>
public static class BounceToken
{
    public const string LocalPartPrefix = "bounce+";

    public const int HandleBytes = SignedAddressToken.HandleBytes;
    public const int Length = SignedAddressToken.Length;

    // Domain separation: the same key signs the reply addresses' tokens with another purpose.
    private const string Purpose = "notifications:bounce-address:v1\n";

    /// <summary>The handle of a notification: the key its bounce record is stored under (lowercase base32, 24 characters).</summary>
    public static string HandleOf(string notificationId) =>
        LowercaseBase32.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)).AsSpan(0, HandleBytes));

    public static string Create(string key, string notificationId) =>
        SignedAddressToken.Create(key, Purpose, SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)).AsSpan(0, HandleBytes).ToArray());

    /// <summary>The whole address: <c>bounce+{token}@{domain}</c>.</summary>
    public static string AddressOf(string key, string domain, string notificationId) =>
        $"{LocalPartPrefix}{Create(key, notificationId)}@{domain.Trim()}";

    /// <summary>The token of a bounce address (<c>bounce+{token}@domain</c>, any case, in angle brackets or not), or null when it is not one.</summary>
    public static string? TokenOfAddress(string? address) => SignedAddressToken.TokenOfAddress(LocalPartPrefix, address);

    /// <summary>Reads a token; <paramref name="problem"/> says why it is refused (never echoing the key or the expected value).</summary>
    /// <returns>The handle (lowercase), or null when the token is malformed (<paramref name="forged"/> false) or its signature is not ours (true).</returns>
    public static string? Read(string key, string? token, out bool forged, out string? problem) =>
        SignedAddressToken.Read(key, Purpose, "bounce", token, out forged, out problem);
}
