using System.Security.Cryptography;
using System.Text;

namespace Notifications.Signing;

/// <summary>
/// The shape shared by the bounce and the reply addresses' tokens: 40 characters of lowercase base32, a 15-byte handle
/// (the key a record is stored under) and the first 10 bytes of HMAC-SHA256(purpose + handle). Each kind of address
/// has its own purpose string, so a token made for one never reads as the other.
/// </summary>
internal static class SignedAddressToken
{
    public const int HandleBytes = 15;
    public const int SignatureBytes = 10;
    public const int Length = (HandleBytes + SignatureBytes) * 8 / 5;

    public static string Create(string key, string purpose, byte[] handle) =>
        LowercaseBase32.Encode(handle) + LowercaseBase32.Encode(Mac(key, purpose, handle));

    /// <param name="kind">"bounce" or "reply", for <paramref name="problem"/>.</param>
    /// <returns>The handle (lowercase), or null when the token is malformed (<paramref name="forged"/> false) or its signature is not ours (true).</returns>
    public static string? Read(string key, string purpose, string kind, string? token, out bool forged, out string? problem)
    {
        forged = false;
        problem = null;
        var text = (token ?? "").Trim().ToLowerInvariant();
        if (text.Length != Length || !LowercaseBase32.TryDecode(text, out var bytes))
        {
            problem = $"The {kind} address's token is not {Length} characters of base32 (it may have been cut or rewritten by a relay).";
            return null;
        }
        var handle = bytes.AsSpan(0, HandleBytes).ToArray();
        if (!CryptographicOperations.FixedTimeEquals(Mac(key, purpose, handle), bytes.AsSpan(HandleBytes)))
        {
            forged = true;
            problem = $"The {kind} address's signature does not match: it was not made by this system, or it was changed.";
            return null;
        }
        return LowercaseBase32.Encode(handle);
    }

    /// <summary>The local part's token after <paramref name="prefix"/> (any case, in angle brackets or not), or null when the address has another local part.</summary>
    public static string? TokenOfAddress(string prefix, string? address)
    {
        var trimmed = (address ?? "").Trim().Trim('<', '>');
        var at = trimmed.LastIndexOf('@');
        if (at <= 0)
            return null;
        var local = trimmed[..at];
        return local.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? local[prefix.Length..] : null;
    }

    private static byte[] Mac(string key, string purpose, byte[] handle)
    {
        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        var signed = new byte[purposeBytes.Length + handle.Length];
        purposeBytes.CopyTo(signed, 0);
        handle.CopyTo(signed, purposeBytes.Length);
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), signed).AsSpan(0, SignatureBytes).ToArray();
    }
}
