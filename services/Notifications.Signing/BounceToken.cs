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

    public const int HandleBytes = 15;
    public const int SignatureBytes = 10;
    public const int Length = (HandleBytes + SignatureBytes) * 8 / 5;

    // Domain separation: the same key signs the reply addresses' tokens with another purpose.
    private const string Purpose = "notifications:bounce-address:v1\n";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The handle of a notification: the key its bounce record is stored under (lowercase base32, 24 characters).</summary>
    public static string HandleOf(string notificationId) =>
        Base32(SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)).AsSpan(0, HandleBytes));

    public static string Create(string key, string notificationId)
    {
        var handle = SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)).AsSpan(0, HandleBytes).ToArray();
        return Base32(handle) + Base32(Mac(key, handle));
    }

    /// <summary>The whole address: <c>bounce+{token}@{domain}</c>.</summary>
    public static string AddressOf(string key, string domain, string notificationId) =>
        $"{LocalPartPrefix}{Create(key, notificationId)}@{domain.Trim()}";

    /// <summary>The token of a bounce address (<c>bounce+{token}@domain</c>, any case, in angle brackets or not), or null when it is not one.</summary>
    public static string? TokenOfAddress(string? address)
    {
        var trimmed = (address ?? "").Trim().Trim('<', '>');
        var at = trimmed.LastIndexOf('@');
        if (at <= 0)
            return null;
        var local = trimmed[..at];
        return local.StartsWith(LocalPartPrefix, StringComparison.OrdinalIgnoreCase) ? local[LocalPartPrefix.Length..] : null;
    }

    /// <summary>Reads a token; <paramref name="problem"/> says why it is refused (never echoing the key or the expected value).</summary>
    /// <returns>The handle (lowercase), or null when the token is malformed (<paramref name="forged"/> false) or its signature is not ours (true).</returns>
    public static string? Read(string key, string? token, out bool forged, out string? problem)
    {
        forged = false;
        problem = null;
        var text = (token ?? "").Trim().ToLowerInvariant();
        if (text.Length != Length || !TryFromBase32(text, out var bytes))
        {
            problem = $"The bounce address's token is not {Length} characters of base32 (it may have been cut or rewritten by a relay).";
            return null;
        }
        var handle = bytes.AsSpan(0, HandleBytes).ToArray();
        if (!CryptographicOperations.FixedTimeEquals(Mac(key, handle), bytes.AsSpan(HandleBytes)))
        {
            forged = true;
            problem = "The bounce address's signature does not match: it was not made by this system, or it was changed.";
            return null;
        }
        return Base32(handle);
    }

    private static byte[] Mac(string key, byte[] handle)
    {
        var purpose = Encoding.UTF8.GetBytes(Purpose);
        var signed = new byte[purpose.Length + handle.Length];
        purpose.CopyTo(signed, 0);
        handle.CopyTo(signed, purpose.Length);
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), signed).AsSpan(0, SignatureBytes).ToArray();
    }

    /// <summary>RFC 4648 base32 in lowercase, without padding; the lengths used here are multiples of 5 bytes.</summary>
    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 8 / 5 + 1);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }

    private static bool TryFromBase32(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, index = 0;
        foreach (var c in text)
        {
            var value = Alphabet.IndexOf(c);
            if (value < 0)
                return false;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes[index++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return index == bytes.Length;
    }
}
